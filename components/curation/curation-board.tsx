"use client";
import { useMemo, useState } from "react";
import { useRouter } from "next/navigation";
import { Alert, Button, Field, Input, Select } from "@/components/ui/form";
import { api } from "@/lib/api-client";
import { OffsetMap } from "@/lib/anchoring/offsets";

type Candidate = { key: string; start: number; end: number; labelId: string; exact: string; authors: string[]; status: "gold" | "rejected" | "removed" | "agreed" | "open" };
type Cluster = { start: number; end: number; state: "settled" | "consensus" | "disagreement"; candidates: Candidate[] };
type View = { threshold: number; goldCount: number; mergeable: number; clusters: Cluster[] };

const STATUS_TEXT = { gold: "in gold layer", rejected: "rejected", removed: "removed from gold", agreed: "agreed", open: "open" } as const;

/** A curator settles one document: merge what annotators agree on, decide the disagreements. */
export function CurationBoard({ documentId, text, view, labels, names }: { documentId: string; text: string; view: View; labels: Record<string, { name: string; color: string }>; names: Record<string, string> }) {
  const router = useRouter();
  const [editing, setEditing] = useState<string>();
  const [message, setMessage] = useState<{ kind: "error" | "success"; text: string }>();
  const [pending, setPending] = useState(false);
  const act = async (action: () => Promise<string>) => {
    setPending(true);
    try {
      setMessage({ kind: "success", text: await action() });
      router.refresh();
    } catch (e) {
      setMessage({ kind: "error", text: (e as Error).message });
    } finally {
      setPending(false);
    }
  };
  const disagreements = view.clusters.filter((c) => c.state === "disagreement");

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <span data-testid="gold-count">Gold layer: {view.goldCount} annotation{view.goldCount === 1 ? "" : "s"}</span>
        <span className="text-slate-600">Merge threshold: {view.threshold} annotators</span>
        <Button
          disabled={pending}
          onClick={() =>
            void act(async () => {
              const { merged } = await api<{ merged: number }>(`/api/documents/${documentId}/curation/merge`, { method: "POST" });
              return `Merged ${merged} agreed span${merged === 1 ? "" : "s"} into the gold layer.`;
            })
          }
        >
          Merge agreed spans ({view.mergeable})
        </Button>
      </div>
      {message ? <Alert kind={message.kind}>{message.text}</Alert> : null}
      <section aria-labelledby="disagreements-heading" className="space-y-3">
        <h2 id="disagreements-heading" className="text-lg font-semibold">Disagreements ({disagreements.length})</h2>
        {disagreements.length === 0 ? <p className="text-sm text-slate-700">Nothing to adjudicate.</p> : null}
        <ol className="space-y-3" aria-label="Disagreements">
          {disagreements.map((cluster) => (
            <li key={`${cluster.start}-${cluster.end}`} className="space-y-2 rounded border border-slate-200 bg-white p-3 text-sm">
              <ul className="space-y-1">
                {cluster.candidates.map((c) => (
                  <li key={c.key} className="flex flex-wrap items-center gap-2">
                    <span className="rounded px-1.5 py-0.5 text-xs" style={{ backgroundColor: labels[c.labelId]?.color }}>{labels[c.labelId]?.name ?? "?"}</span>
                    <span>“{c.exact}”</span>
                    <span className="text-slate-600">by {c.authors.map((a) => names[a] ?? "someone").join(", ")}</span>
                    <span className="text-xs text-slate-500">{STATUS_TEXT[c.status]}</span>
                    {c.status !== "rejected" ? (
                      <Button
                        variant="secondary"
                        className="ml-auto px-2 py-1"
                        disabled={pending}
                        onClick={() =>
                          void act(async () => {
                            await api(`/api/documents/${documentId}/curation/adjudicate`, {
                              method: "POST",
                              json: { action: "take", key: c.key, rejectOthers: cluster.candidates.filter((o) => o.key !== c.key).map((o) => o.key) },
                            });
                            return `Took “${c.exact}” (${labels[c.labelId]?.name}) into the gold layer.`;
                          })
                        }
                      >
                        Take this version
                      </Button>
                    ) : null}
                  </li>
                ))}
              </ul>
              <div className="flex flex-wrap gap-2">
                <Button variant="secondary" disabled={pending} onClick={() => setEditing(editing === cluster.candidates[0].key ? undefined : cluster.candidates[0].key)} aria-expanded={editing === cluster.candidates[0].key}>
                  Edit a version…
                </Button>
                <Button
                  variant="danger"
                  disabled={pending}
                  onClick={() =>
                    void act(async () => {
                      await api(`/api/documents/${documentId}/curation/adjudicate`, { method: "POST", json: { action: "reject", keys: cluster.candidates.map((c) => c.key) } });
                      return "Rejected all versions.";
                    })
                  }
                >
                  Reject all
                </Button>
              </div>
              {editing === cluster.candidates[0].key ? (
                <EditVersion
                  text={text}
                  start={cluster.candidates[0].start}
                  end={cluster.candidates[0].end}
                  labelId={cluster.candidates[0].labelId}
                  labels={labels}
                  pending={pending}
                  onCancel={() => setEditing(undefined)}
                  onSave={(span) =>
                    void act(async () => {
                      await api(`/api/documents/${documentId}/curation/adjudicate`, {
                        method: "POST",
                        json: { action: "edit", ...span, rejectOthers: cluster.candidates.map((c) => c.key) },
                      });
                      setEditing(undefined);
                      return `Put the edited version “${span.exact}” (${labels[span.labelId]?.name}) into the gold layer.`;
                    })
                  }
                />
              ) : null}
            </li>
          ))}
        </ol>
      </section>
      <p className="text-xs text-slate-600">
        “Edit a version” puts a corrected span or label into the gold layer and rejects the annotators’ versions. Earlier
        decisions are kept when you merge again after more annotations arrive.
      </p>
    </div>
  );
}

type Span = { start: number; end: number; exact: string; labelId: string };

/** A curator's corrected version of a disagreement: span in code points (with the quote it gives) and label. */
function EditVersion({ text, start, end, labelId, labels, pending, onSave, onCancel }: {
  text: string; start: number; end: number; labelId: string; labels: Record<string, { name: string; color: string }>; pending: boolean;
  onSave: (span: Span) => void; onCancel: () => void;
}) {
  const map = useMemo(() => new OffsetMap(text), [text]);
  const [span, setSpan] = useState({ start, end, labelId });
  const valid = Number.isInteger(span.start) && Number.isInteger(span.end) && span.start >= 0 && span.end <= map.codePointLength && span.start < span.end;
  const exact = valid ? map.slice(span.start, span.end) : "";
  return (
    <form
      className="space-y-2 rounded border border-blue-200 bg-blue-50 p-3"
      aria-label="Edited version"
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) onSave({ ...span, exact });
      }}
    >
      <div className="flex flex-wrap items-end gap-3">
        <div className="w-28"><Field label="Start"><Input type="number" min={0} value={span.start} onChange={(e) => setSpan({ ...span, start: Number(e.target.value) })} /></Field></div>
        <div className="w-28"><Field label="End"><Input type="number" min={1} value={span.end} onChange={(e) => setSpan({ ...span, end: Number(e.target.value) })} /></Field></div>
        <div className="w-56">
          <Field label="Label">
            <Select value={span.labelId} onChange={(e) => setSpan({ ...span, labelId: e.target.value })}>
              {Object.entries(labels).map(([id, l]) => (
                <option key={id} value={id}>{l.name}</option>
              ))}
            </Select>
          </Field>
        </div>
      </div>
      <p className="text-sm" data-testid="edited-quote">
        {valid ? <>Quote: “{exact}”</> : <span className="text-red-800">Start must be before end, within 0–{map.codePointLength}.</span>}
      </p>
      <div className="flex gap-2">
        <Button type="submit" disabled={pending || !valid}>Put this version in the gold layer</Button>
        <Button variant="secondary" onClick={onCancel}>Cancel</Button>
      </div>
    </form>
  );
}
