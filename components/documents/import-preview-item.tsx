"use client";
// One file in the import preview: what would be cut at the top and at the end (each optional),
// and the metadata the document would get, editable before anything is written.
import { Field, Input } from "@/components/ui/form";
import type { DocumentMeta } from "@/lib/documents/parse-upload";
import type { ImportReportItem } from "@/lib/server/documents/import-documents";

// The server's report, as the preview reads it (type-only: nothing of the server module is bundled).
export type Meta = DocumentMeta;
export type ReportItem = ImportReportItem;
export type TrimEnds = { head: boolean; tail: boolean };

const OUTCOME_TEXT: Record<ReportItem["outcome"], string> = {
  ready: "ready to import",
  imported: "imported",
  duplicate: "already in the project",
  refused: "refused",
};
export const outcomeText = (outcome: ReportItem["outcome"]) => OUTCOME_TEXT[outcome];

const FIELDS: { key: keyof Meta; label: string; placeholder?: string; type?: string }[] = [
  { key: "title", label: "Title" },
  { key: "publisher", label: "Publisher" },
  { key: "author", label: "Author" },
  { key: "publishedOn", label: "Published", placeholder: "2024, 2024-04 or 2024-04-25" },
  { key: "sourceUrl", label: "Source URL", placeholder: "https://…", type: "url" },
  { key: "language", label: "Language", placeholder: "en" },
];

export function ImportPreviewItem({
  item,
  trim,
  onTrim,
  corrections,
  onCorrect,
}: {
  item: ReportItem;
  trim: TrimEnds;
  onTrim: (ends: TrimEnds) => void;
  corrections: Meta;
  onCorrect: (key: keyof Meta, value: string) => void;
}) {
  const ready = item.outcome === "ready";
  return (
    <li className="rounded border border-slate-200 p-3 text-sm">
      <p>
        <span className="font-medium">{item.name}</span> — {item.title ? <>“{item.title}”, </> : null}
        {item.length !== undefined ? `${item.length.toLocaleString("en")} characters, ` : null}
        <span className={ready ? "text-green-800" : "text-amber-800"}>{OUTCOME_TEXT[item.outcome]}</span>
        {item.reason ? ` (${item.reason})` : null}
      </p>
      {ready && item.header ? (
        <div className="mt-2 space-y-1">
          <label className="flex items-center gap-2">
            <input type="checkbox" checked={trim.head} onChange={(e) => onTrim({ ...trim, head: e.target.checked })} />
            Cut the site&apos;s lines at the top ({item.header.lines.length} line{item.header.lines.length === 1 ? "" : "s"})
          </label>
          <details>
            <summary className="cursor-pointer text-slate-700">Show exactly what would be cut at the top</summary>
            <p className="mt-1 text-xs text-slate-600">Found: {item.header.reasons.join("; ")}. The original is kept alongside.</p>
            <ul className="mt-1 rounded border border-red-200 bg-red-50 p-2 text-xs text-red-900">
              {item.header.lines.map((line, i) => (
                <li key={i}>
                  <s className="decoration-red-300">{line.text}</s> <span className="text-slate-600">— {line.reason}</span>
                </li>
              ))}
            </ul>
          </details>
        </div>
      ) : null}
      {ready && item.furniture ? (
        <div className="mt-2 space-y-1">
          <label className="flex items-center gap-2">
            <input type="checkbox" checked={trim.tail} onChange={(e) => onTrim({ ...trim, tail: e.target.checked })} />
            Trim site furniture at the end ({item.furniture.removedLines} lines)
          </label>
          <details>
            <summary className="cursor-pointer text-slate-700">Show exactly what would be removed</summary>
            <p className="mt-1 text-xs text-slate-600">Found: {item.furniture.reasons.join("; ")}. The original is kept alongside.</p>
            <pre className="mt-1 max-h-64 overflow-auto whitespace-pre-wrap rounded border border-red-200 bg-red-50 p-2 text-xs text-red-900 line-through decoration-red-300">
              {item.furniture.removed}
            </pre>
          </details>
        </div>
      ) : null}
      {ready && item.meta ? (
        <fieldset className="mt-3 grid gap-2 sm:grid-cols-2">
          <legend className="text-xs font-medium text-slate-700">Metadata for {item.name} — found in the text; correct anything before importing</legend>
          {FIELDS.map((field) => {
            const found = item.meta?.[field.key] ?? "";
            const value = corrections[field.key] ?? found;
            const from = corrections[field.key] !== undefined ? "your correction" : item.evidence?.[field.key];
            return (
              <Field key={field.key} label={field.label} hint={from ? `From ${from}` : found ? undefined : "Not found in the text"}>
                <Input
                  value={value}
                  type={field.type ?? "text"}
                  placeholder={field.placeholder}
                  maxLength={field.key === "sourceUrl" ? 2000 : 300}
                  onChange={(e) => onCorrect(field.key, e.target.value)}
                />
              </Field>
            );
          })}
        </fieldset>
      ) : null}
    </li>
  );
}
