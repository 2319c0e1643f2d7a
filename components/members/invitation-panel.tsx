"use client";
import { useState } from "react";
import { Alert, Button, Field, Input, Select } from "@/components/ui/form";
import { ShownOnce } from "@/components/ui/shown-once";
import { useApiAction } from "@/components/ui/use-api-action";
import { api } from "@/lib/api-client";
import { ROLES } from "@/lib/schemas/project";
import type { InvitationDto } from "@/lib/server/members/invitation-dto";

export const ROLE_HELP: Record<(typeof ROLES)[number], string> = {
  OWNER: "everything, including members",
  CURATOR: "imports documents, edits the label scheme, curates",
  ANNOTATOR: "annotates",
  VIEWER: "reads only",
};

const day = (iso: string) => new Date(iso).toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" });

/**
 * Owners invite by email and get a link to pass on (the workbench sends no mail). The link is
 * shown once: only a fingerprint of its secret is kept, so a lost link means inviting again.
 */
export function InvitationPanel({ projectId, invitations }: { projectId: string; invitations: InvitationDto[] }) {
  const { run, error, notice, pending } = useApiAction();
  const [link, setLink] = useState<{ email: string; url: string; expiresAt: string }>();

  function onInvite(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    void run(
      async () => {
        const answer = await api<{ invitation: InvitationDto; path: string }>(`/api/projects/${projectId}/invitations`, {
          method: "POST",
          json: { email: form.get("email"), role: form.get("role") },
        });
        setLink({ email: answer.invitation.email, url: window.location.origin + answer.path, expiresAt: answer.invitation.expiresAt });
      },
      { after: () => formElement.reset() },
    );
  }

  return (
    <div className="space-y-6">
      {error ? <Alert>{error}</Alert> : null}
      {notice ? <Alert kind="success">{notice}</Alert> : null}
      {link ? (
        <ShownOnce id="new-invitation" title={`Invitation for ${link.email}`} value={link.url} label="Invitation link" display="input" copyLabel="Copy link" onDone={() => setLink(undefined)}>
          Send this link to them yourself: it is shown only this once, and works until {day(link.expiresAt)}. Whoever opens it
          signs in or signs up with {link.email} to join.
        </ShownOnce>
      ) : null}

      <section aria-labelledby="pending-invitations" className="space-y-3">
        <h2 id="pending-invitations" className="text-lg font-semibold">Open invitations</h2>
        {invitations.length === 0 ? (
          <p className="text-sm text-slate-700">No open invitations.</p>
        ) : (
          <table className="min-w-full divide-y divide-slate-200 rounded border border-slate-200 bg-white text-sm">
            <thead className="bg-slate-100 text-left">
              <tr>
                <th scope="col" className="px-3 py-2">Email</th>
                <th scope="col" className="px-3 py-2">Role</th>
                <th scope="col" className="px-3 py-2">Expires</th>
                <th scope="col" className="px-3 py-2"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {invitations.map((i) => (
                <tr key={i.id}>
                  <th scope="row" className="px-3 py-2 text-left font-normal">{i.email}</th>
                  <td className="px-3 py-2">{i.role.toLowerCase()}</td>
                  <td className="px-3 py-2">{i.expired ? <span className="text-red-800">expired {day(i.expiresAt)}</span> : day(i.expiresAt)}</td>
                  <td className="px-3 py-2 text-right">
                    <Button
                      variant="danger"
                      disabled={pending}
                      aria-label={`Revoke invitation for ${i.email}`}
                      onClick={() => void run(() => api(`/api/projects/${projectId}/invitations/${i.id}`, { method: "DELETE" }), { success: `The invitation for ${i.email} was revoked.` })}
                    >
                      Revoke
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <form className="max-w-md space-y-3" aria-labelledby="invite-member" onSubmit={onInvite}>
        <h2 id="invite-member" className="text-lg font-semibold">Invite someone</h2>
        <p className="text-sm text-slate-700">With or without an account here: they sign in or sign up through the link you pass on.</p>
        <Field label="Email">
          <Input name="email" type="email" required />
        </Field>
        <Field label="Role">
          <Select name="role" defaultValue="ANNOTATOR">
            {ROLES.map((r) => (
              <option key={r} value={r}>{r.toLowerCase()} — {ROLE_HELP[r]}</option>
            ))}
          </Select>
        </Field>
        <Button type="submit" disabled={pending}>Create invitation link</Button>
      </form>
    </div>
  );
}
