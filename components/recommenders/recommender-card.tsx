"use client";
import { Alert, Button, Field, Input, Select } from "@/components/ui/form";
import { useApiAction } from "@/components/ui/use-api-action";
import { api } from "@/lib/api-client";
import type { RecommenderDto, RecommenderLabelStats } from "@/lib/server/recommenders/recommender-dto";

export type RecommenderView = RecommenderDto & { stats: RecommenderLabelStats[] };
export type LabelOption = { id: string; name: string };

const KIND_NAMES = {
  STRING_MATCHER: "String matcher (learns from your annotations)", ENGLISH_NER: "English named entities (compromise)", LABEL_STUDIO: "Label Studio ML backend",
  OPENAI: "OpenAI-compatible chat", KNOWLEDGE_BASE: "Names and aliases of the knowledge base's entities (found on import)",
} as const;
const ENTITY_KINDS = [["people", "People"], ["places", "Places"], ["organizations", "Organisations"]] as const;
const pct = (x: number | null) => (x === null ? "—" : `${Math.round(x * 100)}%`);

/** One recommender: its settings, last run and numbers per label. */
export function RecommenderCard({ projectId, recommender: r, labels, canEdit }: { projectId: string; recommender: RecommenderView; labels: LabelOption[]; canEdit: boolean }) {
  const { run, error, notice, pending } = useApiAction();
  const labelName = (id: string) => labels.find((l) => l.id === id)?.name ?? "?";
  const path = `/api/projects/${projectId}/recommenders/${r.id}`;
  // The knowledge base's suggestions are exact names and aliases: all score 1, a minimum would filter nothing.
  const scored = r.kind !== "KNOWLEDGE_BASE";
  return (
    <section aria-label={r.name} className="space-y-3 rounded border border-slate-200 p-3">
      <h3 className="font-semibold">{r.name} <span className="text-xs font-normal text-slate-600">{KIND_NAMES[r.kind]}{r.url ? ` · ${r.url}` : ""}{r.hasApiKey ? " · key set" : ""}</span></h3>
      <form
        className="flex flex-wrap items-end gap-3"
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          const mapping = r.kind === "ENGLISH_NER" ? { mapping: Object.fromEntries(ENTITY_KINDS.map(([kind]) => [kind, String(form.get(`map-${kind}`) ?? "") || null])) } : {};
          const minScore = scored ? { minScore: Number(form.get("minScore")) } : {};
          void run(() => api(path, { method: "PATCH", json: { enabled: form.get("enabled") === "on", ...minScore, labelIds: form.getAll("labelIds").map(String), ...mapping } }), { success: "Saved." });
        }}
      >
        <fieldset disabled={!canEdit || pending} className="flex flex-wrap items-end gap-3">
          <label className="flex items-center gap-2 text-sm"><input type="checkbox" name="enabled" defaultChecked={r.enabled} /> On</label>
          {scored ? <Field label="Minimum score"><Input name="minScore" type="number" min={0} max={1} step={0.05} defaultValue={r.minScore} className="w-24" /></Field> : null}
          <fieldset className="text-sm">
            <legend className="font-medium">Labels (none ticked: all)</legend>
            <div className="flex flex-wrap gap-2">
              {labels.map((l) => (
                <label key={l.id} className="flex items-center gap-1"><input type="checkbox" name="labelIds" value={l.id} defaultChecked={r.labelIds.includes(l.id)} />{l.name}</label>
              ))}
            </div>
          </fieldset>
          {r.kind === "ENGLISH_NER"
            ? ENTITY_KINDS.map(([kind, word]) => (
                <Field key={kind} label={`${word} become`}>
                  <Select name={`map-${kind}`} defaultValue={r.mapping?.[kind] ?? ""}>
                    <option value="">(the usual label)</option>
                    {labels.map((l) => <option key={l.id} value={l.id}>{l.name}</option>)}
                  </Select>
                </Field>
              ))
            : null}
          <Button type="submit">Save</Button>
          {r.kind !== "STRING_MATCHER" ? (
            <Button type="button" variant="secondary" onClick={() => void run(() => api(`${path}/run`, { method: "POST", json: {} }), { success: "Run finished." })}>Run now</Button>
          ) : null}
          {r.kind !== "STRING_MATCHER" && r.kind !== "KNOWLEDGE_BASE" ? (
            <Button type="button" variant="danger" onClick={() => void run(() => api(path, { method: "DELETE" }), { success: "Removed." })}>Remove</Button>
          ) : null}
        </fieldset>
      </form>
      {r.lastRun ? (
        <div className="text-sm" aria-label={`Last run of ${r.name}`}>
          {r.lastRun.ok ? (
            <p>Last run {r.lastRunAt ? new Date(r.lastRunAt).toLocaleString("en-GB") : ""}: {r.lastRun.proposals} proposals in {r.lastRun.documents} documents.</p>
          ) : (
            <Alert>Last run failed: {r.lastRun.error}</Alert>
          )}
          {r.lastRun.dropped.length ? (
            <ul className="list-disc pl-5 text-xs text-slate-700">
              {r.lastRun.dropped.map((d) => <li key={d.reason}>Dropped {d.count}: {d.reason}</li>)}
            </ul>
          ) : null}
        </div>
      ) : null}
      {r.stats.length ? (
        <table className="text-sm" aria-label={`Results of ${r.name}`}>
          <thead><tr className="text-left"><th className="pr-4">Label</th><th className="pr-4">Proposals</th><th className="pr-4">Accepted</th><th className="pr-4">Rejected</th><th>Precision</th></tr></thead>
          <tbody>
            {r.stats.map((s) => (
              <tr key={s.labelId}><td className="pr-4">{labelName(s.labelId)}</td><td className="pr-4">{s.proposals ?? "—"}</td><td className="pr-4">{s.accepted}</td><td className="pr-4">{s.rejected}</td><td>{pct(s.precision)}</td></tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {error ? <Alert>{error}</Alert> : null}
      {notice ? <Alert kind="success">{notice}</Alert> : null}
    </section>
  );
}
