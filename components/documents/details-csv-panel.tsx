"use client";
// Bulk corrections of documents' details from a spreadsheet: check first (a dry run listing every
// change by row), then apply — all or nothing.
import { useState } from "react";
import { useRouter } from "next/navigation";
import { Alert, Button, Field, Input } from "@/components/ui/form";
import { api, ApiError } from "@/lib/api-client";

type Change = { from: unknown; to: unknown };
type Report = { dryRun: boolean; rows: number; matched: number; unchanged: number; problems: string[]; changed: { row: number; documentId: string; title: string; changes: Record<string, Change> }[] };

const show = (value: unknown) => (Array.isArray(value) ? value.join(", ") || "(none)" : value === null || value === "" ? "(none)" : String(value));

export function DetailsCsvPanel({ projectId }: { projectId: string }) {
  const router = useRouter();
  const [csv, setCsv] = useState<string | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<{ message: string; problems?: string[] } | null>(null);
  const [pending, setPending] = useState(false);

  async function send(dryRun: boolean) {
    if (csv === null) return;
    setPending(true);
    setError(null);
    try {
      const result = await api<Report>(`/api/projects/${projectId}/documents/details`, { method: "POST", json: { csv, dryRun } });
      setReport(result);
      if (!dryRun) router.refresh();
    } catch (e) {
      const problems = e instanceof ApiError ? (e.body.details as { report?: Report } | undefined)?.report?.problems : undefined;
      setError({ message: (e as Error).message, problems });
      setReport(null);
    } finally {
      setPending(false);
    }
  }

  return (
    <section aria-labelledby="details-csv-heading" className="space-y-3 rounded border border-slate-200 bg-white p-4">
      <h2 id="details-csv-heading" className="text-lg font-semibold">Update details from a CSV</h2>
      <p className="text-sm text-slate-700">
        One row per document, found by an <code>id</code> or <code>content_hash</code> column; any of <code>title</code>, <code>publisher</code>,{" "}
        <code>author</code>, <code>published_on</code>, <code>source_url</code>, <code>language</code>, <code>tags</code> (separated by <code>;</code>).
        An empty cell leaves the value as it is. Nothing changes until you apply the checked file.
      </p>
      <Field label="CSV file">
        <Input
          type="file"
          accept=".csv,text/csv"
          onChange={async (e) => {
            const file = e.target.files?.[0];
            setReport(null);
            setError(null);
            setCsv(file ? await file.text() : null);
          }}
        />
      </Field>
      <div className="flex gap-2">
        <Button variant="secondary" disabled={csv === null || pending} onClick={() => void send(true)}>Check the CSV</Button>
        {report?.dryRun && report.changed.length > 0 ? (
          <Button disabled={pending} onClick={() => void send(false)}>Apply {report.changed.length} change{report.changed.length === 1 ? "" : "s"}</Button>
        ) : null}
      </div>
      {error ? (
        <Alert>
          <p>{error.message}</p>
          {error.problems ? <ul className="mt-1 list-disc pl-5">{error.problems.map((p) => <li key={p}>{p}</li>)}</ul> : null}
        </Alert>
      ) : null}
      {report ? (
        <div className="space-y-2 text-sm">
          <Alert kind={report.dryRun ? "info" : "success"}>
            {report.dryRun ? "Checked" : "Applied"}: {report.rows} row{report.rows === 1 ? "" : "s"}, {report.changed.length} document{report.changed.length === 1 ? "" : "s"}{" "}
            {report.dryRun ? "would change" : "changed"}, {report.unchanged} unchanged.
          </Alert>
          {report.changed.length ? (
            <table className="w-full text-left">
              <thead><tr><th className="pr-3">Row</th><th className="pr-3">Document</th><th>Changes</th></tr></thead>
              <tbody>
                {report.changed.map((c) => (
                  <tr key={c.documentId} className="border-t border-slate-200 align-top">
                    <td className="pr-3">{c.row}</td>
                    <td className="pr-3">{c.title}</td>
                    <td>{Object.entries(c.changes).map(([field, change]) => <div key={field}>{field}: {show(change.from)} → {show(change.to)}</div>)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
