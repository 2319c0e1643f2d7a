import Link from "next/link";
import { externalProviders } from "@/lib/auth";
import { LinkAccountForm } from "@/components/auth/link-account-form";
import { pendingLink } from "@/lib/server/auth/external-sign-in";

export const metadata = { title: "Link your account" };

// Where an external sign-in lands when its address belongs to a password account the workbench
// has not verified (lib/server/auth/external-sign-in.ts).
export default async function LinkAccountPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  const link = await pendingLink(token);
  if (!link || !token) {
    return (
      <div className="mx-auto max-w-sm space-y-4">
        <h1 className="text-2xl font-semibold">Link your account</h1>
        <p className="text-sm text-slate-700">
          This link has expired or was used. <Link href="/signin" className="text-blue-800 underline">Sign in again</Link>.
        </p>
      </div>
    );
  }
  const provider = externalProviders().find((p) => p.id === link.provider) ?? { id: link.provider, name: link.provider };
  return (
    <div className="mx-auto max-w-sm space-y-4">
      <h1 className="text-2xl font-semibold">Link your account</h1>
      <p className="text-sm text-slate-700">
        There is already a workbench account for <strong>{link.email}</strong>, made with a password. To sign in to it with {provider.name}, enter
        that account&apos;s password once. If you did not make that account, someone else may have used your address: ask the
        workbench&apos;s operator to look into it.
      </p>
      <LinkAccountForm token={token} provider={provider} />
    </div>
  );
}
