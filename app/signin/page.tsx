import Link from "next/link";
import { redirect } from "next/navigation";
import { auth, externalProviders } from "@/lib/auth";
import { SignInForm } from "@/components/auth/sign-in-form";
import { safeReturnPath } from "@/lib/server/session/return-path";

export const metadata = { title: "Sign in" };

const ERRORS: Record<string, string> = {
  RateLimited: "Too many failed sign-ins. Try again later.",
  EmailNotVerified: "Your sign-in provider has not confirmed that your email address is verified, so it cannot sign you in here.",
  NoEmail: "Your sign-in provider did not share an email address.",
  AccessDenied: "Sign-in was refused.",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  const { callbackUrl, error } = await searchParams;
  // Only same-site paths: never send people to another origin after signing in.
  const target = safeReturnPath(callbackUrl);
  if ((await auth())?.user) redirect(target);
  return (
    <div className="mx-auto max-w-sm space-y-6">
      <h1 className="text-2xl font-semibold">Sign in</h1>
      <SignInForm callbackUrl={target} providers={externalProviders()} initialError={error ? (ERRORS[error] ?? "Sign-in failed.") : undefined} />
      <p className="text-sm text-slate-700">
        No account yet? <Link href={signUpHref(target)} className="text-blue-800 underline">Sign up</Link>
      </p>
    </div>
  );
}

/** Someone sent here from an invitation link signs up through that invitation (its address filled in). */
function signUpHref(target: string): string {
  const invitation = /^\/invitations\/([^/?#]+)$/.exec(target)?.[1];
  return invitation ? `/signup?invitation=${invitation}` : "/signup";
}
