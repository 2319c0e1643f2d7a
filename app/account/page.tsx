import Link from "next/link";
import { ChangePasswordForm } from "@/components/account/change-password-form";
import { SignOutEverywhere } from "@/components/account/sign-out-everywhere";
import { accountSummary } from "@/lib/server/account/account-summary";
import { pageUser } from "@/lib/server/session/page-user";

export const metadata = { title: "Account" };

export default async function AccountPage() {
  const user = await pageUser("/account");
  const account = await accountSummary(user.id);
  return (
    <div className="space-y-8">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold">Account</h1>
        <p className="text-sm text-slate-700">
          {account.name} · {account.email} · <Link href="/account/tokens" className="text-blue-800 underline">API tokens</Link>
        </p>
      </div>
      <section className="space-y-3">
        <h2 className="text-lg font-semibold">Password</h2>
        {account.hasPassword ? (
          <ChangePasswordForm />
        ) : (
          <p className="max-w-3xl text-sm text-slate-700">You sign in through an external provider; this account has no workbench password.</p>
        )}
      </section>
      <section className="space-y-3">
        <h2 className="text-lg font-semibold">Sessions</h2>
        <p className="max-w-3xl text-sm text-slate-700">
          You are signed in on {account.sessions} {account.sessions === 1 ? "browser" : "browsers"}. Signing out everywhere ends all of
          them on the server, this one included — also a session cookie someone may have copied. It does not revoke personal API
          tokens: they are separate, listed (and revoked) under API tokens. Changing your password revokes them all.
        </p>
        <SignOutEverywhere />
      </section>
    </div>
  );
}
