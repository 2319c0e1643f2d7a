"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { Alert, Button } from "@/components/ui/form";
import { api, ApiError, type ApiErrorBody } from "@/lib/api-client";

type Outcome = "accepted" | "reanchored" | "duplicate" | "refused";
type AnnotationReport = {
  kind: "annotations";
  dryRun: boolean;
  format: string;
  offsetUnit?: { unit: "codepoint" | "utf16"; detected: boolean };
  problems: { file: string; line?: number; message: string }[];
  documents: {
    key: string; title: string; target: "existing" | "new" | "missing"; reason?: string;
    annotations: { key: string; label: string; exact: string; outcome: Outcome; reason?: string; creator?: string }[];
    relations: { added: number; skipped: string[] };
  }[];
  totals: Record<Outcome, number> & { newDocuments: number; relations: number; links?: number; newItems?: number };
};
type ProjectReport = { kind: "project"; dryRun: boolean; status: string; project: { id: string; name: string }; counts: Record<string, number> };
type Report = AnnotationReport | ProjectReport;

const OUTCOME_TEXT: Record<Outcome, string> = { accepted: "accepted", reanchored: "re-anchored by its quote", duplicate: "already here", refused: "refused" };
const OUTCOME_CLASS: Record<Outcome, string> = { accepted: "text-green-800", reanchored: "text-amber-800", duplicate: "text-slate-600", refused: "text-red-800" };

type OffsetUnitChoice = "" | "codepoint" | "utf16";

type ImportJob = { id: string; state: "QUEUED" | "RUNNING" | "DONE" | "FAILED"; report: Report | null; error: string | null };

/**
 * Uploads the files for the job runner to import (the server that answers pages only stores
 * them) and follows the job until its report is ready.
 */
async function send(url: string, files: File[], dryRun: boolean, offsetUnit: OffsetUnitChoice, onState: (state: ImportJob["state"]) => void): Promise<Report> {
  const form = new FormData();
  for (const f of files) form.append("files", f);
  if (dryRun) form.append("dryRun", "true");
  if (offsetUnit) form.append("offsetUnit", offsetUnit);
  const response = await fetch(url, { method: "POST", body: form });
  let job = (await response.json().catch(() => ({}))) as ImportJob;
  if (!response.ok) throw new ApiError(response.status, job as unknown as ApiErrorBody);
  onState(job.state);
  while (job.state === "QUEUED" || job.state === "RUNNING") {
    await new Promise((r) => setTimeout(r, 400));
    job = await api<ImportJob>(`/api/imports/${job.id}`);
    onState(job.state);
  }
  if (job.state === "FAILED" || !job.report) throw new Error(job.error ?? "The import failed.");
  return job.report;
}

/** Upload annotation sets from other tools: a dry-run report first, then the import. */
export function AnnotationImportPanel({ projectId }: { projectId: string }) {
  const router = useRouter();
  const [files, setFiles] = useState<File[]>([]);
  const [report, setReport] = useState<Report>();
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);
  const [offsetUnit, setOffsetUnit] = useState<OffsetUnitChoice>("");
  const [state, setState] = useState<ImportJob["state"]>();
  const url = `/api/projects/${projectId}/imports`;

  const run = async (dryRun: boolean) => {
    setPending(true);
    setError(undefined);
    try {
      setReport(await send(url, files, dryRun, offsetUnit, setState));
      if (!dryRun) router.refresh();
    } catch (e) {
      setError((e as Error).message);
      setReport(undefined);
    } finally {
      setPending(false);
      setState(undefined);
    }
  };
  const importable = report?.kind === "annotations" ? report.totals.accepted + report.totals.reanchored + report.totals.newDocuments : report?.kind === "project" && report.status === "ready" ? 1 : 0;

  return (
    <div className="space-y-3">
      <label className="block text-sm font-medium text-slate-800">
        Annotation files
        <input
          type="file"
          multiple
          accept=".json,.jsonld,.jsonl,.ann,.txt,.conf,.conll,.iob,.zip"
          className="mt-1 block text-sm"
          onChange={(e) => {
            setFiles(e.target.files ? Array.from(e.target.files) : []);
            setReport(undefined);
            setError(undefined);
          }}
        />
        <span className="mt-1 block text-xs font-normal text-slate-600">
          W3C Web Annotation (.json, .jsonld), doccano JSONL (.jsonl), brat (.ann with its .txt, or a .zip), CoNLL/IOB2 (.conll), or a workbench JSON export. Labels are matched by name; imported annotations become yours, pending review.
        </span>
      </label>
      <label className="block text-sm font-medium text-slate-800">
        doccano offsets count
        <select
          className="mt-1 block rounded border border-slate-300 px-2 py-1 text-sm"
          value={offsetUnit}
          onChange={(e) => {
            setOffsetUnit(e.target.value as OffsetUnitChoice);
            setReport(undefined);
          }}
        >
          <option value="">Detect (ask when unsure)</option>
          <option value="codepoint">Characters (code points: doccano, Python)</option>
          <option value="utf16">UTF-16 units (JavaScript tools, exports with offsets=utf16)</option>
        </select>
      </label>
      <div className="flex gap-2">
        <Button variant="secondary" disabled={pending || files.length === 0} onClick={() => void run(true)}>Check files</Button>
        {report?.dryRun && importable > 0 ? <Button disabled={pending} onClick={() => void run(false)}>Import</Button> : null}
      </div>
      {state ? (
        <p role="status" className="text-sm text-slate-700" data-testid="import-job-state">
          {state === "QUEUED" ? "Uploaded; waiting for the job runner…" : state === "RUNNING" ? "Reading and matching the annotations…" : "Done."}
        </p>
      ) : null}
      {error ? <Alert>{error}</Alert> : null}
      {report?.kind === "project" ? (
        <Alert kind={report.status === "already-present" ? "info" : "success"}>
          {report.status === "already-present"
            ? `The project “${report.project.name}” is already on this instance; nothing to import.`
            : `${report.dryRun ? "Ready to restore" : "Restored"} the project “${report.project.name}”: ${report.counts.documents} documents, ${report.counts.annotations} annotations.`}
        </Alert>
      ) : null}
      {report?.kind === "annotations" ? (
        <div className="space-y-2 text-sm" data-testid="annotation-import-report">
          <p role="status">
            {report.dryRun ? "Dry run — nothing written yet. " : "Imported. "}
            {report.format}: <strong data-testid="count-accepted">{report.totals.accepted}</strong> accepted,{" "}
            <strong data-testid="count-reanchored">{report.totals.reanchored}</strong> re-anchored,{" "}
            <strong data-testid="count-duplicate">{report.totals.duplicate}</strong> already here,{" "}
            <strong data-testid="count-refused">{report.totals.refused}</strong> refused; {report.totals.newDocuments} new document{report.totals.newDocuments === 1 ? "" : "s"}, {report.totals.relations} relation{report.totals.relations === 1 ? "" : "s"}.
            {report.totals.links ? ` ${report.totals.links} linked to the knowledge base (${report.totals.newItems ?? 0} new item${report.totals.newItems === 1 ? "" : "s"}).` : null}
            {report.offsetUnit ? ` Offsets read as ${report.offsetUnit.unit === "utf16" ? "UTF-16 units" : "code points"}${report.offsetUnit.detected ? " (detected)" : ""}.` : null}
          </p>
          {report.problems.length ? (
            <ul className="list-disc pl-5 text-red-800" aria-label="Problems">
              {report.problems.map((p, i) => <li key={i}>{p.file}{p.line ? `, line ${p.line}` : ""}: {p.message}</li>)}
            </ul>
          ) : null}
          {report.documents.map((d) => (
            <details key={d.key} className="rounded border border-slate-200 bg-white p-2" open={d.annotations.some((a) => a.outcome === "refused" || a.outcome === "reanchored")}>
              <summary className="cursor-pointer">
                {d.title} — {d.target === "new" ? "new document" : d.target === "existing" ? "existing document" : `cannot be placed: ${d.reason}`} · {d.annotations.length} annotation{d.annotations.length === 1 ? "" : "s"}
              </summary>
              <table className="mt-2 min-w-full text-left">
                <thead><tr><th className="pr-3">Label</th><th className="pr-3">Quote</th><th className="pr-3">Outcome</th><th>Why</th></tr></thead>
                <tbody>
                  {d.annotations.map((a) => (
                    <tr key={a.key} data-testid="import-row">
                      <td className="pr-3">{a.label}</td>
                      <td className="pr-3">“{a.exact.length > 50 ? `${a.exact.slice(0, 49)}…` : a.exact}”</td>
                      <td className={`pr-3 ${OUTCOME_CLASS[a.outcome]}`} data-testid="outcome">{OUTCOME_TEXT[a.outcome]}</td>
                      <td className="text-slate-700">{a.reason ?? ""}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {d.relations.skipped.length ? <p className="mt-1 text-xs text-slate-600">Relations left out: {d.relations.skipped.join("; ")}</p> : null}
            </details>
          ))}
        </div>
      ) : null}
    </div>
  );
}
