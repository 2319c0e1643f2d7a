"use client";
import { useState } from "react";
import Link from "next/link";
import { Alert, Button, Field, Select } from "@/components/ui/form";
import { useApiAction } from "@/components/ui/use-api-action";
import { api } from "@/lib/api-client";
import { KIND_HEADINGS, type ItemKind, type ItemSummary } from "@/components/knowledge/knowledge-types";

/**
 * The knowledge base by kind, with how often each item is mentioned and in how many documents.
 * Curators tick several items of one kind and merge them into one of them.
 */
export function KnowledgeList({ projectId, items, canMerge }: { projectId: string; items: ItemSummary[]; canMerge: boolean }) {
  const { run, error, notice, pending } = useApiAction();
  const [selected, setSelected] = useState<string[]>([]);
  const [target, setTarget] = useState("");
  const chosen = items.filter((i) => selected.includes(i.id));
  const mergeTarget = chosen.find((i) => i.id === target) ?? chosen[0];

  const toggle = (id: string, on: boolean) => setSelected((s) => (on ? [...s, id] : s.filter((x) => x !== id)));
  const merge = () => {
    if (!mergeTarget) return;
    const otherIds = chosen.filter((i) => i.id !== mergeTarget.id).map((i) => i.id);
    void run(() => api(`/api/projects/${projectId}/knowledge/${mergeTarget.id}/merge`, { method: "POST", json: { otherIds } }), {
      success: `Merged ${otherIds.length} item${otherIds.length === 1 ? "" : "s"} into “${mergeTarget.name}”.`,
      after: () => {
        setSelected([]);
        setTarget("");
      },
    });
  };

  return (
    <div className="space-y-6">
      {canMerge && chosen.length >= 2 ? (
        <div className="flex flex-wrap items-end gap-3 rounded border border-blue-200 bg-blue-50 p-3" role="group" aria-label="Merge items">
          <p className="text-sm">{chosen.length} items selected.</p>
          <div className="w-72">
            <Field label="Merge into…">
              <Select value={mergeTarget?.id ?? ""} onChange={(e) => setTarget(e.target.value)}>
                {chosen.map((i) => (
                  <option key={i.id} value={i.id}>{i.name}</option>
                ))}
              </Select>
            </Field>
          </div>
          <Button onClick={merge} disabled={pending || new Set(chosen.map((i) => i.kind)).size > 1}>Merge</Button>
          {new Set(chosen.map((i) => i.kind)).size > 1 ? <p className="text-sm text-red-900">Only items of the same kind can be merged.</p> : null}
        </div>
      ) : null}
      {error ? <Alert>{error}</Alert> : null}
      {notice ? <Alert kind="success">{notice}</Alert> : null}
      {(Object.keys(KIND_HEADINGS) as ItemKind[]).map((kind) => {
        const ofKind = items.filter((i) => i.kind === kind);
        return (
          <section key={kind} aria-labelledby={`kind-${kind}`} className="space-y-2">
            <h2 id={`kind-${kind}`} className="text-lg font-semibold">{KIND_HEADINGS[kind]} ({ofKind.length})</h2>
            {ofKind.length === 0 ? (
              <p className="text-sm text-slate-600">None yet.</p>
            ) : (
              <div className="overflow-x-auto">
                <table className="min-w-full divide-y divide-slate-200 rounded border border-slate-200 bg-white text-sm">
                  <thead className="bg-slate-100 text-left">
                    <tr>
                      {canMerge ? <th scope="col" className="w-8 px-3 py-2"><span className="sr-only">Select</span></th> : null}
                      <th scope="col" className="px-3 py-2">Name</th>
                      <th scope="col" className="px-3 py-2">Aliases</th>
                      {kind === "EVENT" ? <th scope="col" className="px-3 py-2">Date</th> : null}
                      <th scope="col" className="px-3 py-2 text-right">Mentions</th>
                      <th scope="col" className="px-3 py-2 text-right">Documents</th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100">
                    {ofKind.map((item) => (
                      <tr key={item.id}>
                        {canMerge ? (
                          <td className="px-3 py-2">
                            <input
                              type="checkbox"
                              aria-label={`Select ${item.name}`}
                              checked={selected.includes(item.id)}
                              onChange={(e) => toggle(item.id, e.target.checked)}
                            />
                          </td>
                        ) : null}
                        <td className="px-3 py-2">
                          <Link href={`/projects/${projectId}/knowledge/${item.id}`} className="text-blue-800 hover:underline">{item.name}</Link>
                        </td>
                        <td className="px-3 py-2 text-slate-700">{item.aliases.join("; ")}</td>
                        {kind === "EVENT" ? <td className="px-3 py-2 tabular-nums">{item.date ?? "—"}</td> : null}
                        <td className="px-3 py-2 text-right tabular-nums">{item.mentionCount}</td>
                        <td className="px-3 py-2 text-right tabular-nums">{item.documentCount}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        );
      })}
    </div>
  );
}
