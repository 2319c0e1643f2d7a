"use client";
import { useState } from "react";
import { Alert, Button, Field, Input } from "@/components/ui/form";
import { useApiAction } from "@/components/ui/use-api-action";
import { api } from "@/lib/api-client";

type Member = { userId: string; name: string; role: string };
type Row = { id: string; title: string; assignees: { userId: string; finished: boolean }[] };

/**
 * Documents × members: a tick assigns a document to a member by hand; "N annotators per
 * document" fills the gaps evenly. Finished assignments show as "finished".
 */
export function AssignmentBoard({ projectId, members, documents, canEdit }: { projectId: string; members: Member[]; documents: Row[]; canEdit: boolean }) {
  const { run, error, notice, pending } = useApiAction();
  const [perDocument, setPerDocument] = useState("2");
  // A tick shows at once; the server's answer (and the refreshed page) confirms or undoes it.
  const [ticked, setTicked] = useState<Record<string, boolean>>({});
  const annotatorCount = members.filter((m) => m.role === "ANNOTATOR").length;

  const toggle = (row: Row, userId: string, on: boolean) => {
    const key = `${row.id}:${userId}`;
    setTicked((t) => ({ ...t, [key]: on }));
    const userIds = row.assignees.map((a) => a.userId).filter((id) => id !== userId);
    if (on) userIds.push(userId);
    return run(async () => {
      try {
        await api(`/api/projects/${projectId}/assignments`, { method: "PUT", json: { documentId: row.id, userIds } });
      } catch (e) {
        setTicked(({ [key]: _undo, ...rest }) => rest);
        throw e;
      }
    });
  };

  return (
    <div className="space-y-4">
      {canEdit ? (
        <form
          className="flex flex-wrap items-end gap-3 rounded border border-slate-200 bg-white p-3"
          onSubmit={(e) => {
            e.preventDefault();
            void run(() => api(`/api/projects/${projectId}/assignments/spread`, { method: "POST", json: { perDocument: Number(perDocument) } }), {
              success: "Assignments spread evenly; existing ones were kept.",
            });
          }}
        >
          <div className="w-56">
            <Field label="Annotators per document" hint={`Spread evenly over the ${annotatorCount} member${annotatorCount === 1 ? "" : "s"} with the annotator role`}>
              <Input type="number" min={1} max={50} value={perDocument} onChange={(e) => setPerDocument(e.target.value)} required />
            </Field>
          </div>
          <Button type="submit" disabled={pending}>Assign evenly</Button>
        </form>
      ) : null}
      {error ? <Alert>{error}</Alert> : null}
      {notice ? <Alert kind="success">{notice}</Alert> : null}
      <div className="overflow-x-auto">
        <table className="min-w-full divide-y divide-slate-200 rounded border border-slate-200 bg-white text-sm">
          <caption className="sr-only">Who works on which document</caption>
          <thead className="bg-slate-100 text-left">
            <tr>
              <th scope="col" className="px-3 py-2">Document</th>
              {members.map((m) => (
                <th key={m.userId} scope="col" className="px-3 py-2 text-center">
                  {m.name}
                  <span className="block text-xs font-normal text-slate-600">{m.role.toLowerCase()}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {documents.map((row) => (
              <tr key={row.id}>
                <th scope="row" className="px-3 py-2 text-left font-normal"><span className="block max-w-[24rem] truncate" title={row.title}>{row.title}</span></th>
                {members.map((m) => {
                  const assignment = row.assignees.find((a) => a.userId === m.userId);
                  return (
                    <td key={m.userId} className="px-3 py-2 text-center">
                      <label className="inline-flex items-center gap-1">
                        <input
                          type="checkbox"
                          checked={ticked[`${row.id}:${m.userId}`] ?? !!assignment}
                          disabled={!canEdit || pending}
                          onChange={(e) => void toggle(row, m.userId, e.target.checked)}
                          aria-label={`${row.title}: ${m.name}`}
                        />
                        {assignment?.finished ? <span className="text-xs text-green-800">finished</span> : null}
                      </label>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
