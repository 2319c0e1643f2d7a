"use client";
import { Alert, Button, Select } from "@/components/ui/form";
import { ROLE_HELP } from "@/components/members/invitation-panel";
import { api } from "@/lib/api-client";
import { useApiAction } from "@/components/ui/use-api-action";
import { ROLES } from "@/lib/schemas/project";

type Member = { userId: string; name: string; email?: string; role: (typeof ROLES)[number] };


/** The members table; `showEmails` for those who may see members' addresses (the server sends no others). */
export function MemberManager({ projectId, members, canManage, showEmails, currentUserId }: { projectId: string; members: Member[]; canManage: boolean; showEmails: boolean; currentUserId: string }) {
  const { run, error, notice, pending } = useApiAction();
  const act = (action: () => Promise<unknown>, success: string) => run(action, { success });

  return (
    <div className="space-y-6">
      {error ? <Alert>{error}</Alert> : null}
      {notice ? <Alert kind="success">{notice}</Alert> : null}
      <div className="overflow-x-auto">
        <table className="min-w-full divide-y divide-slate-200 rounded border border-slate-200 bg-white text-sm">
          <caption className="sr-only">Project members</caption>
          <thead className="bg-slate-100 text-left">
            <tr>
              <th scope="col" className="px-3 py-2">Name</th>
              {showEmails ? <th scope="col" className="px-3 py-2">Email</th> : null}
              <th scope="col" className="px-3 py-2">Role</th>
              {canManage ? <th scope="col" className="px-3 py-2"><span className="sr-only">Actions</span></th> : null}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {members.map((m) => (
              <tr key={m.userId}>
                <td className="px-3 py-2">{m.name}{m.userId === currentUserId ? " (you)" : ""}</td>
                {showEmails ? <td className="px-3 py-2 text-slate-700">{m.email}</td> : null}
                <td className="px-3 py-2">
                  {canManage ? (
                    <Select
                      aria-label={`Role of ${m.name}`}
                      value={m.role}
                      disabled={pending}
                      className="mt-0 w-auto"
                      onChange={(e) =>
                        void act(
                          () => api(`/api/projects/${projectId}/members/${m.userId}`, { method: "PATCH", json: { role: e.target.value } }),
                          `${m.name} is now ${e.target.value.toLowerCase()}.`,
                        )
                      }
                    >
                      {ROLES.map((r) => (
                        <option key={r} value={r}>{r.toLowerCase()}</option>
                      ))}
                    </Select>
                  ) : (
                    <span title={ROLE_HELP[m.role]}>{m.role.toLowerCase()}</span>
                  )}
                </td>
                {canManage ? (
                  <td className="px-3 py-2 text-right">
                    <Button
                      variant="danger"
                      disabled={pending}
                      aria-label={`Remove ${m.name}`}
                      onClick={() => {
                        if (!window.confirm(`Remove ${m.name} from this project?`)) return;
                        void act(() => api(`/api/projects/${projectId}/members/${m.userId}`, { method: "DELETE" }), `${m.name} was removed; their API tokens no longer reach this project.`);
                      }}
                    >
                      Remove
                    </Button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {canManage ? null : <p className="text-sm text-slate-700">Only project owners invite members and change roles.</p>}
    </div>
  );
}
