"use client";
import { useState } from "react";
import { Alert, Button, Field, Input, Select } from "@/components/ui/form";
import { ShownOnce } from "@/components/ui/shown-once";
import { useApiAction } from "@/components/ui/use-api-action";
import { api } from "@/lib/api-client";
import { TOKEN_EXPIRY_DAYS } from "@/lib/schemas/api-token";
import type { ApiTokenDto } from "@/lib/server/tokens/api-token-dto";

type Project = { id: string; name: string; role: string };

const when = (iso: string | null, empty: string) => (iso ? new Date(iso).toLocaleString() : empty);

/** Make, list and revoke personal API tokens. A new token's secret is shown once, right here. */
export function ApiTokenManager({ tokens, projects, hasPassword = true }: { tokens: ApiTokenDto[]; projects: Project[]; hasPassword?: boolean }) {
  const { run, error, notice, pending } = useApiAction();
  const [secret, setSecret] = useState<{ name: string; value: string }>();

  function onCreate(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const expiry = String(form.get("expiresInDays"));
    void run(
      async () => {
        const answer = await api<{ token: ApiTokenDto; secret: string }>("/api/tokens", {
          method: "POST",
          json: {
            name: form.get("name"),
            projectIds: form.getAll("projectIds"),
            access: form.get("access"),
            expiresInDays: expiry === "never" ? null : Number(expiry),
            ...(hasPassword ? { password: form.get("password") } : {}),
          },
        });
        setSecret({ name: answer.token.name, value: answer.secret });
      },
      { after: () => formElement.reset() },
    );
  }

  return (
    <div className="space-y-8">
      {error ? <Alert>{error}</Alert> : null}
      {notice ? <Alert kind="success">{notice}</Alert> : null}
      {secret ? (
        <ShownOnce
          id="new-token"
          title={`Your new token “${secret.name}”`}
          value={secret.value}
          label="New token secret"
          display="code"
          footnote={<>Use it as <code className="font-mono">Authorization: Bearer {secret.value.slice(0, 10)}…</code> on the workbench API.</>}
          onDone={() => setSecret(undefined)}
        >
          Copy it now: it is shown only this once. The workbench keeps only a fingerprint of it.
        </ShownOnce>
      ) : null}

      <section aria-labelledby="token-list" className="space-y-3">
        <h2 id="token-list" className="text-lg font-semibold">Your tokens</h2>
        {tokens.length === 0 ? (
          <p className="text-sm text-slate-700">No tokens yet.</p>
        ) : (
          <table className="w-full border-collapse text-left text-sm">
            <thead>
              <tr className="border-b border-slate-300">
                <th scope="col" className="py-2 pr-3">Name</th>
                <th scope="col" className="py-2 pr-3">Token</th>
                <th scope="col" className="py-2 pr-3">Access</th>
                <th scope="col" className="py-2 pr-3">Projects</th>
                <th scope="col" className="py-2 pr-3">Last used</th>
                <th scope="col" className="py-2 pr-3">Expires</th>
                <th scope="col" className="py-2"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((token) => {
                const expired = token.expiresAt !== null && new Date(token.expiresAt) <= new Date();
                return (
                  <tr key={token.id} className="border-b border-slate-200 align-top">
                    <th scope="row" className="py-2 pr-3 font-medium">{token.name}</th>
                    <td className="py-2 pr-3 font-mono text-xs">{token.prefix}…</td>
                    <td className="py-2 pr-3">{token.access === "READ" ? "read only" : "read and write"}</td>
                    <td className="py-2 pr-3">{token.projects.map((p) => p.name).join(", ") || "none left"}</td>
                    <td className="py-2 pr-3">{when(token.lastUsedAt, "never")}</td>
                    <td className="py-2 pr-3">{expired ? <span className="text-red-800">expired</span> : when(token.expiresAt, "never")}</td>
                    <td className="py-2">
                      <Button
                        variant="danger"
                        disabled={pending}
                        aria-label={`Revoke ${token.name}`}
                        onClick={() => {
                          if (!window.confirm(`Revoke “${token.name}”? Scripts using it stop working at once.`)) return;
                          void run(() => api(`/api/tokens/${token.id}`, { method: "DELETE" }), { success: `Revoked “${token.name}”.` });
                        }}
                      >
                        Revoke
                      </Button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="make-token" className="max-w-lg space-y-3">
        <h2 id="make-token" className="text-lg font-semibold">Make a token</h2>
        {projects.length === 0 ? (
          <p className="text-sm text-slate-700">A token reaches chosen projects only; join or create a project first.</p>
        ) : (
          <form onSubmit={onCreate} className="space-y-3">
            <Field label="Token name" hint="What will use it, e.g. “nightly export script”.">
              <Input name="name" required maxLength={100} />
            </Field>
            <fieldset className="space-y-1">
              <legend className="text-sm font-medium text-slate-800">Projects it may reach</legend>
              {projects.map((p) => (
                <label key={p.id} className="flex items-center gap-2 text-sm">
                  <input type="checkbox" name="projectIds" value={p.id} />
                  {p.name} <span className="text-xs text-slate-600">(you are {p.role.toLowerCase()})</span>
                </label>
              ))}
            </fieldset>
            <Field label="Access" hint="A token never does more than your role in a project allows.">
              <Select name="access" defaultValue="READ">
                <option value="READ">Read only</option>
                <option value="READ_WRITE">Read and write</option>
              </Select>
            </Field>
            <Field label="Expires after">
              <Select name="expiresInDays" defaultValue="90">
                {TOKEN_EXPIRY_DAYS.map((days) => (
                  <option key={days} value={days}>{days} days</option>
                ))}
                <option value="never">Never</option>
              </Select>
            </Field>
            {hasPassword ? (
              <Field label="Your password" hint="Asked again: a token outlives this session. Changing your password revokes all tokens.">
                <Input name="password" type="password" autoComplete="current-password" required />
              </Field>
            ) : null}
            <Button type="submit" disabled={pending}>{pending ? "Making…" : "Make token"}</Button>
          </form>
        )}
      </section>
    </div>
  );
}
