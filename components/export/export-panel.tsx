"use client";
import { useMemo, useRef, useState } from "react";
import { Alert, Button, Field, Select } from "@/components/ui/form";
import { api } from "@/lib/api-client";
import { MIXED_LAYERS_WARNING } from "@/lib/schemas/export";

const FORMATS = [
  { value: "native", name: "Workbench JSON (lossless backup)", hint: "Everything: documents, labels, annotations with reviews, comments and history. Restores the project exactly." },
  { value: "w3c", name: "W3C Web Annotation (JSON-LD)", hint: "For Hypothesis, Recogito and other tools that read the Web Annotation model; offsets in code points." },
  { value: "jsonl", name: "doccano JSONL", hint: "One document per line: {\"text\", \"label\": [[start, end, \"LABEL\"], …]}. By default a .zip with one <annotator>.jsonl each, as doccano exports." },
  { value: "jsonl-rich", name: "JSONL with entities and relations", hint: "doccano's relation layout: entities with ids, relations between them. By default one file per annotator in a .zip." },
  { value: "csv", name: "CSV (one row per annotation)", hint: "For spreadsheets, pandas and R. Every row names its annotator (name and user id)." },
  { value: "brat", name: "brat standoff (.zip)", hint: ".txt + .ann per document, with annotation.conf so it opens in brat. By default one folder per annotator." },
  { value: "conll", name: "CoNLL-2003 IOB2 (entities)", hint: "Token per line for NER training. By default one file per annotator in a .zip. overlapping entities within a file are resolved and counted." },
] as const;

type Person = { userId: string; name: string };
type Doc = { id: string; title: string };
type LayerSummary = { layer: "annotator" | "gold"; annotator?: { id: string; name: string }; annotations: number; file?: string };
type Summary = { format: string; fileName: string; bytes: number; summary: Record<string, unknown> & { layers?: LayerSummary[]; warning?: string } };
type ExportJob = { id: string; state: "QUEUED" | "RUNNING" | "DONE" | "FAILED"; bytes: number; annotations: number | null; fileName: string | null; fileUrl: string | null; summary: unknown; error: string | null };

const LAYER_CHOICES = [
  { value: "annotators", name: "Annotators’ layers, kept apart" },
  { value: "gold", name: "Gold layer only (curated)" },
  { value: "annotators-and-gold", name: "Annotators’ layers and the gold layer, kept apart" },
  { value: "mixed", name: "Everything mixed into one file" },
] as const;


const megabytes = (n: number) => `${(n / 1048576).toFixed(n < 10 * 1048576 ? 2 : 1)} MB`;

/** Choose what to export, check what it will hold, and download it with progress. */
export function ExportPanel({ projectId, annotators, documents }: { projectId: string; annotators: Person[]; documents: Doc[] }) {
  const [format, setFormat] = useState<string>("w3c");
  const [layers, setLayers] = useState("annotators");
  const [review, setReview] = useState("all");
  const [kinds, setKinds] = useState<string[]>(["CLAIM", "EVENT", "ENTITY"]);
  const [people, setPeople] = useState<string[]>([]);
  const [docs, setDocs] = useState<string[]>([]);
  const [offsets, setOffsets] = useState("codepoint");
  const [bom, setBom] = useState(true);
  const [guard, setGuard] = useState(true);
  const [embedText, setEmbedText] = useState(false);
  const [error, setError] = useState<string>();
  const [summary, setSummary] = useState<Summary>();
  const [progress, setProgress] = useState<{ bytes: number; annotations: number; done: boolean; check: boolean; state: ExportJob["state"]; fileName?: string; fileUrl?: string }>();
  const activeJob = useRef<string | null>(null);
  const native = format === "native";

  const query = useMemo(() => {
    const q = new URLSearchParams({ format });
    if (!native) {
      q.set("layers", layers);
      q.set("review", review);
      if (kinds.length < 3) q.set("kinds", kinds.join(","));
      if (people.length) q.set("annotators", people.join(","));
      if (docs.length) q.set("documents", docs.join(","));
      if (format.startsWith("jsonl") && offsets !== "codepoint") q.set("offsets", offsets);
      if (format === "csv" && bom) q.set("bom", "1");
      if (format === "csv" && !guard) q.set("guard", "false");
      if (format === "w3c" && embedText) q.set("embedText", "1");
    }
    return q.toString();
  }, [format, native, layers, review, kinds, people, docs, offsets, bom, guard, embedText]);
  const url = `/api/projects/${projectId}/export?${query}`;

  // Both the check and the file are made by the job runner, not by the server that answers pages:
  // a large project's export cannot hold up anyone else. The panel asks for the job, then follows
  // its progress until it is done.
  const cancelled = useRef(false);
  async function runJob(check: boolean): Promise<ExportJob | null> {
    const params = Object.fromEntries(new URLSearchParams(query));
    let job = await api<ExportJob>(`/api/projects/${projectId}/exports`, { method: "POST", json: { options: params, check } });
    activeJob.current = job.id;
    cancelled.current = false;
    setProgress({ bytes: 0, annotations: 0, done: false, check, state: job.state });
    while (job.state === "QUEUED" || job.state === "RUNNING") {
      await new Promise((r) => setTimeout(r, 500));
      if (cancelled.current) return null;
      job = await api<ExportJob>(`/api/exports/${job.id}`);
      setProgress({ bytes: job.bytes, annotations: job.annotations ?? 0, done: false, check, state: job.state, fileName: job.fileName ?? undefined });
    }
    if (job.state === "FAILED") throw new Error(job.error ?? "The export failed.");
    return job;
  }

  async function check() {
    setError(undefined);
    setSummary(undefined);
    try {
      const job = await runJob(true);
      setProgress(undefined);
      if (job) setSummary({ format, fileName: job.fileName ?? "", bytes: job.bytes, summary: job.summary as Summary["summary"] });
    } catch (e) {
      setProgress(undefined);
      setError((e as Error).message);
    }
  }

  async function download() {
    setError(undefined);
    try {
      const job = await runJob(false);
      if (!job) return setProgress(undefined);
      const link = document.createElement("a");
      link.href = job.fileUrl!;
      link.download = job.fileName ?? "export";
      link.click();
      setProgress({ bytes: job.bytes, annotations: job.annotations ?? 0, done: true, check: false, state: job.state, fileName: job.fileName ?? undefined, fileUrl: job.fileUrl ?? undefined });
    } catch (e) {
      setProgress(undefined);
      setError((e as Error).message);
    }
  }

  async function cancel() {
    cancelled.current = true;
    const id = activeJob.current;
    setProgress(undefined);
    if (id) await api(`/api/exports/${id}`, { method: "DELETE" }).catch(() => undefined);
  }

  const toggle = (list: string[], set: (v: string[]) => void, value: string, on: boolean) => set(on ? [...list, value] : list.filter((x) => x !== value));
  const exporting = progress && !progress.done;

  return (
    <div className="space-y-4">
      <Field label="Format" hint={FORMATS.find((f) => f.value === format)?.hint}>
        <Select value={format} onChange={(e) => { setFormat(e.target.value); setSummary(undefined); }}>
          {FORMATS.map((f) => <option key={f.value} value={f.value}>{f.name}</option>)}
        </Select>
      </Field>
      {native ? (
        <p className="text-sm text-slate-700">The workbench format always holds the whole project.</p>
      ) : (
        <div className="grid gap-4 md:grid-cols-2">
          <Field label="Layers">
            <Select value={layers} onChange={(e) => { setLayers(e.target.value); setSummary(undefined); }}>
              {LAYER_CHOICES.map((l) => <option key={l.value} value={l.value}>{l.name}</option>)}
            </Select>
          </Field>
          {layers === "mixed" ? (
            <p role="note" className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 md:col-span-2" data-testid="mixed-layers-warning">
              Warning: {MIXED_LAYERS_WARNING}
            </p>
          ) : null}
          <Field label="Review state">
            <Select value={review} onChange={(e) => setReview(e.target.value)}>
              <option value="all">All annotations</option>
              <option value="accepted">Accepted only (and the gold layer)</option>
            </Select>
          </Field>
          <fieldset className="text-sm">
            <legend className="font-medium text-slate-800">Label kinds</legend>
            {["CLAIM", "EVENT", "ENTITY"].map((k) => (
              <label key={k} className="mr-4 inline-flex items-center gap-1">
                <input type="checkbox" checked={kinds.includes(k)} onChange={(e) => toggle(kinds, setKinds, k, e.target.checked)} /> {k.toLowerCase()}s
              </label>
            ))}
          </fieldset>
          <fieldset className="text-sm">
            <legend className="font-medium text-slate-800">Annotators <span className="font-normal text-slate-600">(none ticked: everyone)</span></legend>
            {annotators.map((p) => (
              <label key={p.userId} className="mr-4 inline-flex items-center gap-1">
                <input type="checkbox" checked={people.includes(p.userId)} onChange={(e) => toggle(people, setPeople, p.userId, e.target.checked)} /> {p.name}
              </label>
            ))}
          </fieldset>
          <Field label="Documents" hint="None selected: all documents. Ctrl/⌘-click to choose several.">
            <Select multiple value={docs} onChange={(e) => setDocs(Array.from(e.target.selectedOptions, (o) => o.value))} className="h-28">
              {documents.map((d) => <option key={d.id} value={d.id}>{d.title}</option>)}
            </Select>
          </Field>
          {format.startsWith("jsonl") ? (
            <Field label="Offsets" hint="Code points are what Python, doccano and the W3C model count; UTF-16 for JavaScript or Java tools.">
              <Select value={offsets} onChange={(e) => setOffsets(e.target.value)}>
                <option value="codepoint">Unicode code points</option>
                <option value="utf16">UTF-16 code units</option>
              </Select>
            </Field>
          ) : null}
          {format === "csv" ? (
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={bom} onChange={(e) => setBom(e.target.checked)} /> Start with a byte-order mark (Excel then reads UTF-8 correctly)
            </label>
          ) : null}
          {format === "w3c" ? (
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={embedText} onChange={(e) => setEmbedText(e.target.checked)} /> Include the texts (the file then imports into any project)
            </label>
          ) : null}
          {format === "csv" ? (
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={guard} onChange={(e) => setGuard(e.target.checked)} /> Guard formula-like text for spreadsheets (a leading apostrophe; clear it for pandas/R)
            </label>
          ) : null}
        </div>
      )}
      <div className="flex flex-wrap items-center gap-3">
        <Button onClick={() => void download()} disabled={!!exporting || kinds.length === 0}>Export</Button>
        <Button variant="secondary" onClick={() => void check()} disabled={!!exporting || kinds.length === 0}>Check what it will hold</Button>
        {exporting ? <Button variant="danger" onClick={() => void cancel()}>Cancel</Button> : null}
        <a href={url} className="text-sm text-blue-800 underline">Direct link (for scripts and very large exports)</a>
      </div>
      {kinds.length === 0 ? <Alert>Choose at least one label kind.</Alert> : null}
      {error ? <Alert>{error}</Alert> : null}
      {progress ? (
        <div className="space-y-1" role="status" aria-live="polite">
          <progress className="h-2 w-full max-w-md" aria-label="Export progress" value={progress.done ? 1 : undefined} max={1} />
          <p className="text-sm" data-testid="export-progress">
            {progress.done ? (
              <>Done: <a href={progress.fileUrl} className="text-blue-800 underline">{progress.fileName}</a>, {megabytes(progress.bytes)} ({progress.annotations} annotations). The file can be downloaded again for 24 hours.</>
            ) : progress.state === "QUEUED" ? (
              `Waiting for the job runner…`
            ) : (
              `${progress.check ? "Checking" : "Exporting"} ${progress.annotations} annotations… ${megabytes(progress.bytes)} written.`
            )}
          </p>
        </div>
      ) : null}
      {summary ? (
        <div className="rounded border border-slate-200 bg-white p-3 text-sm" data-testid="export-summary">
          <p className="font-medium">{summary.fileName} — {megabytes(summary.bytes)}</p>
          <dl className="mt-1 grid grid-cols-2 gap-x-4 md:grid-cols-3">
            {Object.entries(summary.summary).filter(([, v]) => typeof v === "number").map(([k, v]) => (
              <div key={k} className="flex justify-between gap-2">
                <dt className="text-slate-600">{k.replace(/([A-Z])/g, " $1").toLowerCase()}</dt>
                <dd className="tabular-nums" data-testid={`summary-${k}`}>{String(v)}</dd>
              </div>
            ))}
          </dl>
          {summary.summary.warning ? <p className="mt-2 text-amber-900" data-testid="export-summary-warning">Warning: {summary.summary.warning}</p> : null}
          {summary.summary.layers?.length ? (
            <table className="mt-2 text-left" data-testid="export-layers">
              <caption className="text-left font-medium">What each layer holds</caption>
              <thead><tr><th className="pr-4 font-normal text-slate-600">Layer</th><th className="pr-4 font-normal text-slate-600">Annotations</th><th className="font-normal text-slate-600">File</th></tr></thead>
              <tbody>
                {summary.summary.layers.map((l) => (
                  <tr key={l.annotator?.id ?? "gold"}>
                    <td className="pr-4">{l.layer === "gold" ? "Gold layer" : l.annotator?.name}</td>
                    <td className="pr-4 tabular-nums">{l.annotations}</td>
                    <td>{l.file ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
