import Link from "next/link";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { findInvitation } from "@/lib/server/members/find-invitation";

export const metadata = { title: "Sign up" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ invitation?: string }> }) {
  const { invitation: secret } = await searchParams;
  // Through an invitation link: the address is the invited one, and joining follows signing up.
  const invitation = typeof secret === "string" ? await findInvitation(secret) : null;
  const invited = invitation?.state === "PENDING" && secret ? { secret, email: invitation.email, projectName: invitation.projectName } : undefined;
  return (
    <div className="mx-auto max-w-sm space-y-6">
      <h1 className="text-2xl font-semibold">Create an account</h1>
      {invited ? <p className="text-sm text-slate-700">Then you join {invited.projectName}.</p> : null}
      <SignUpForm invitation={invited} />
      <p className="text-sm text-slate-700">
        Already have one? <Link href={invited ? `/signin?callbackUrl=${encodeURIComponent(`/invitations/${secret}`)}` : "/signin"} className="text-blue-800 underline">Sign in</Link>
      </p>
    </div>
  );
}
