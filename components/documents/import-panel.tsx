"use client";
import { useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { Alert, Button, Field, Input, TextArea } from "@/components/ui/form";
import { ApiError } from "@/lib/api-client";
import { ImportPreviewItem, outcomeText, type Meta, type ReportItem, type TrimEnds } from "@/components/documents/import-preview-item";

type ImportResult = { imported: number; duplicates: number; dryRun: boolean; report: ReportItem[] };

/** Sends the same files and text twice: once as a dry run for the preview, once for real. */
async function send(projectId: string, files: File[], text: string, title: string, options: { dryRun: boolean; trim: string; meta?: string }) {
  const form = new FormData();
  for (const file of files) form.append("files", file);
  if (text.trim()) {
    form.append("text", text);
    if (title.trim()) form.append("title", title);
  }
  form.append("trim", options.trim);
  if (options.meta) form.append("meta", options.meta);
  if (options.dryRun) form.append("dryRun", "true");
  const response = await fetch(`/api/projects/${projectId}/documents`, { method: "POST", body: form });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, body);
  return body as ImportResult;
}

export function ImportPanel({ projectId }: { projectId: string }) {
  const router = useRouter();
  const fileInput = useRef<HTMLInputElement>(null);
  const [files, setFiles] = useState<File[]>([]);
  const [text, setText] = useState("");
  const [title, setTitle] = useState("");
  const [preview, setPreview] = useState<ReportItem[] | null>(null);
  const [trims, setTrims] = useState<Record<string, TrimEnds>>({});
  const [corrections, setCorrections] = useState<Record<string, Meta>>({});
  const [error, setError] = useState<{ message: string; report?: ReportItem[] } | null>(null);
  const [done, setDone] = useState<ImportResult | null>(null);
  const [pending, setPending] = useState<"preview" | "import" | null>(null);
  const [dragging, setDragging] = useState(false);

  const reset = () => {
    setPreview(null);
    setError(null);
  };
  const chooseFiles = (list: FileList | null) => {
    setFiles(list ? Array.from(list) : []);
    setDone(null);
    reset();
  };

  async function run(dryRun: boolean) {
    setPending(dryRun ? "preview" : "import");
    setError(null);
    try {
      const chosen = Object.entries(trims).map(([name, ends]) => ({ name, ...ends }));
      const changed = Object.fromEntries(Object.entries(corrections).filter(([, meta]) => Object.keys(meta).length > 0));
      const result = await send(projectId, files, text, title, {
        dryRun,
        trim: dryRun ? "all" : JSON.stringify(chosen),
        meta: dryRun || Object.keys(changed).length === 0 ? undefined : JSON.stringify(changed),
      });
      if (dryRun) {
        setPreview(result.report);
        setTrims(Object.fromEntries(result.report.map((r) => [r.name, { head: !!r.header, tail: !!r.furniture }])));
        setCorrections({});
      } else {
        setDone(result);
        setPreview(null);
        setFiles([]);
        setText("");
        setTitle("");
        if (fileInput.current) fileInput.current.value = "";
        router.refresh();
      }
    } catch (e) {
      const report = e instanceof ApiError ? ((e.body.details as { report?: ReportItem[] } | undefined)?.report ?? undefined) : undefined;
      setError({ message: (e as Error).message, report });
      setPreview(null);
    } finally {
      setPending(null);
    }
  }

  const toImport = preview?.filter((p) => p.outcome === "ready").length ?? 0;
  const nothingChosen = files.length === 0 && !text.trim();

  return (
    <section
      aria-labelledby="import-heading"
      className={`space-y-4 rounded border bg-white p-4 ${dragging ? "border-blue-600 ring-2 ring-blue-200" : "border-slate-200"}`}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        chooseFiles(e.dataTransfer.files);
      }}
    >
      <h2 id="import-heading" className="text-lg font-semibold">Import documents</h2>
      <p className="text-sm text-slate-700">
        Plain text (.txt, .md), web pages saved from a browser (.html), JSON (an object or array of objects with a <code>text</code> field) or JSON Lines — several at once,
        or drop them here. Up to 5 MB per document. Nothing is imported until you confirm the preview.
      </p>
      <Field label="Files to import">
        <Input ref={fileInput} type="file" multiple accept=".txt,.md,.html,.htm,.json,.jsonl,text/plain,text/markdown,text/html,application/json" onChange={(e) => chooseFiles(e.target.files)} />
      </Field>
      <Field label="Or paste text">
        <TextArea rows={4} value={text} onChange={(e) => (setText(e.target.value), reset())} />
      </Field>
      <Field label="Title for pasted text" hint="Optional: the first line is used otherwise.">
        <Input value={title} onChange={(e) => (setTitle(e.target.value), reset())} maxLength={300} />
      </Field>
      <div className="flex flex-wrap gap-2">
        <Button variant="secondary" disabled={nothingChosen || pending !== null} onClick={() => void run(true)}>
          {pending === "preview" ? "Checking…" : "Preview import"}
        </Button>
        {preview ? (
          <Button disabled={toImport === 0 || pending !== null} onClick={() => void run(false)}>
            {pending === "import" ? "Importing…" : `Import ${toImport} document${toImport === 1 ? "" : "s"}`}
          </Button>
        ) : null}
      </div>

      {error ? (
        <Alert>
          <p>{error.message}</p>
          {error.report ? <ReportList items={error.report} /> : null}
        </Alert>
      ) : null}
      {done ? (
        <Alert kind="success">
          <p>
            Imported {done.imported} document{done.imported === 1 ? "" : "s"}
            {done.duplicates ? `; ${done.duplicates} duplicate${done.duplicates === 1 ? "" : "s"} skipped` : ""}.
          </p>
          <ReportList items={done.report} />
        </Alert>
      ) : null}

      {preview ? (
        <div className="space-y-3" aria-live="polite">
          <h3 className="font-medium">Preview</h3>
          <ul className="space-y-3">
            {preview.map((item) => (
              <ImportPreviewItem
                key={item.name}
                item={item}
                trim={trims[item.name] ?? { head: false, tail: false }}
                onTrim={(ends) => setTrims({ ...trims, [item.name]: ends })}
                corrections={corrections[item.name] ?? {}}
                onCorrect={(key, value) => setCorrections({ ...corrections, [item.name]: { ...corrections[item.name], [key]: value } })}
              />
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}

function ReportList({ items }: { items: ReportItem[] }) {
  return (
    <ul className="mt-1 list-disc pl-5">
      {items.map((item) => (
        <li key={item.name}>
          {item.name}: {outcomeText(item.outcome)}
          {item.reason ? ` — ${item.reason}` : ""}
        </li>
      ))}
    </ul>
  );
}
