import Link from "next/link";
import { sessionCaller } from "@/lib/server/authz";
import { ApiTokenManager } from "@/components/account/api-token-manager";
import { db } from "@/lib/db";
import { listProjects } from "@/lib/server/projects/list-projects";
import { pageUser } from "@/lib/server/session/page-user";
import { listApiTokens } from "@/lib/server/tokens/list-api-tokens";

export const metadata = { title: "API tokens" };

export default async function ApiTokensPage() {
  const user = await pageUser("/account/tokens");
  const [tokens, projects, account] = await Promise.all([
    listApiTokens(user.id),
    listProjects(sessionCaller(user.id)),
    db.user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } }),
  ]);
  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <h1 className="text-2xl font-semibold">API tokens</h1>
        <p className="max-w-3xl text-sm text-slate-700">
          Personal tokens let scripts and the command line use the workbench API as you, in the projects you choose, without your
          password. Send one as <code className="font-mono">Authorization: Bearer awb_…</code>. A token cannot make projects or other tokens.
          What each route takes and answers: the <Link href="/api-reference" className="underline">API reference</Link>.
        </p>
      </div>
      <ApiTokenManager
        tokens={tokens}
        projects={projects.map((p) => ({ id: p.id, name: p.name, role: p.role }))}
        hasPassword={account.passwordHash !== null}
      />
    </div>
  );
}
