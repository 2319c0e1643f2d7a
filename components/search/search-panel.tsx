"use client";
import { useState, useTransition, type FormEvent } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Alert, Button, Field, Input, Select } from "@/components/ui/form";
import { api } from "@/lib/api-client";
import { markSegments } from "@/lib/anchoring/mark-segments";
import type { AnnotationHit, DocumentHit, Excerpt, KwicLine, Mark, SearchResult } from "@/lib/schemas/search";

type Form = { q: string; scope: string; labelId: string; authorId: string; reviewState: string; dateFrom: string; dateTo: string };

type Props = {
  projectId: string;
  labels: { id: string; name: string }[];
  members: { userId: string; name: string }[];
  initialForm: Form;
  initialResult?: SearchResult;
  initialError?: string;
};

const STATE_TEXT = { PENDING: "pending", ACCEPTED: "accepted", REJECTED: "rejected" } as const;

const toParams = (form: Form, extra: Record<string, string> = {}) =>
  new URLSearchParams(Object.entries({ ...form, ...extra }).filter(([, v]) => v !== ""));

const plural = (n: number, one: string, many: string) => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;

/** Text with its marked ranges in <mark>; marks are code points, `from` where `text` starts. */
function Marked({ text, marks, from = 0 }: { text: string; marks: Mark[]; from?: number }) {
  return (
    <>
      {markSegments(text, marks, from).map((segment, i) =>
        segment.marked ? (
          <mark key={i} className="rounded-sm bg-yellow-200 px-px text-slate-950">{segment.text}</mark>
        ) : (
          // Line breaks inside a context line are shown, not silently joined.
          <span key={i}>{segment.text.replace(/\n+/g, " ¶ ")}</span>
        ),
      )}
    </>
  );
}

function ExcerptText({ excerpt }: { excerpt: Excerpt }) {
  return (
    <>
      {excerpt.truncatedBefore ? "…" : null}
      <Marked text={excerpt.text} marks={excerpt.marks} />
      {excerpt.truncatedAfter ? "…" : null}
    </>
  );
}

const atLink = (documentId: string, line: Pick<KwicLine, "start" | "end">) => `/documents/${documentId}?at=${line.start}-${line.end}`;

/** Keyword-in-context lines as a concordance: left context right-aligned, the match, right context. */
function Concordance({ hit }: { hit: DocumentHit }) {
  if (hit.lines.length === 0) return <p className="text-sm text-slate-600">Matched in the title.</p>;
  return (
    <table className="w-full table-auto border-collapse font-mono text-[13px] leading-6" aria-label={`Matches in ${hit.title}`}>
      <tbody>
        {hit.lines.map((line) => (
          <tr key={line.start} className="hover:bg-slate-50">
            <td className="w-1/2 max-w-0 py-0.5 pr-1">
              <div className="flex justify-end overflow-hidden whitespace-nowrap text-slate-600">
                <span><Marked text={line.before} marks={line.marks} from={line.contextStart} /></span>
              </div>
            </td>
            <td className="whitespace-nowrap py-0.5">
              <Link href={atLink(hit.id, line)} className="rounded-sm font-semibold text-blue-900 underline-offset-2 hover:underline focus:outline-2 focus:outline-blue-700">
                <mark className="rounded-sm bg-yellow-200 px-0.5 text-slate-950">{line.match.replace(/\n+/g, " ¶ ")}</mark>
              </Link>
            </td>
            <td className="w-1/2 max-w-0 py-0.5 pl-1">
              <div className="truncate text-slate-600"><Marked text={line.after} marks={line.marks} from={line.end} /></div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function DocumentResult({ hit }: { hit: DocumentHit }) {
  const first = hit.lines[0];
  return (
    <li className="space-y-2 rounded border border-slate-200 bg-white p-3">
      <div>
        <h3 className="font-medium">
          <Link href={first ? atLink(hit.id, first) : `/documents/${hit.id}`} className="text-blue-900 hover:underline">
            <Marked text={hit.title} marks={hit.titleMarks} />
          </Link>
        </h3>
        <p className="text-xs text-slate-600">
          {[hit.publisher, hit.publishedOn, hit.matchCount ? plural(hit.matchCount, "match", "matches") : null].filter(Boolean).join(" · ")}
          {hit.matchCount > hit.lines.length ? ` (first ${hit.lines.length} shown)` : ""}
        </p>
      </div>
      <Concordance hit={hit} />
    </li>
  );
}

function AnnotationResult({ hit }: { hit: AnnotationHit }) {
  return (
    <li className="space-y-1 rounded border border-slate-200 bg-white p-3 text-sm">
      <div className="flex flex-wrap items-center gap-2">
        <span className="rounded px-1.5 py-0.5 text-xs text-black" style={{ backgroundColor: hit.label.color }}>{hit.label.name}</span>
        {hit.gold ? <span className="rounded border border-amber-500 px-1.5 py-0.5 text-xs font-medium text-amber-900">gold</span> : null}
        <span className="text-slate-700">{hit.author.name}</span>
        <span className="text-xs font-medium text-slate-700" data-testid="review-state">{STATE_TEXT[hit.reviewState]}</span>
        <span className="ml-auto text-xs text-slate-600">{hit.documentTitle}{hit.publishedOn ? ` · ${hit.publishedOn}` : ""}</span>
      </div>
      <p>
        <span className="text-slate-600">{hit.quote.truncatedBefore ? "" : `…${hit.prefix}`}</span>
        <span className="underline decoration-slate-400 decoration-2 underline-offset-4"><ExcerptText excerpt={hit.quote} /></span>
        <span className="text-slate-600">{hit.quote.truncatedAfter ? "" : `${hit.suffix}…`}</span>
      </p>
      {hit.note ? (
        <p className="text-slate-700"><span className="font-medium">Note: </span><ExcerptText excerpt={hit.note} /></p>
      ) : null}
      {hit.attributes.map((attribute) => (
        <p key={attribute.key} className="text-slate-700"><span className="font-medium">{attribute.key}: </span><ExcerptText excerpt={attribute.value} /></p>
      ))}
      <Link href={`/documents/${hit.documentId}?annotation=${hit.id}`} className="inline-block text-blue-800 underline">Open in document</Link>
    </li>
  );
}

/**
 * Full-text search over the project's documents and annotations, with keyword-in-context results.
 * The search lives in the URL: searching navigates (so Back returns to the previous search) and
 * the page runs it on the server; only "More …" pages come from the API.
 */
export function SearchPanel({ projectId, labels, members, initialForm, initialResult, initialError }: Props) {
  const router = useRouter();
  const [form, setForm] = useState<Form>(initialForm);
  const [result, setResult] = useState<SearchResult | undefined>(initialResult);
  const [error, setError] = useState<string | undefined>(initialError);
  const [navigating, startNavigation] = useTransition();
  const [loadingMore, setLoadingMore] = useState(false);
  const pending = navigating || loadingMore;
  // "More" pages continue the search shown, not unsent edits of the form.
  const searched = initialResult ? initialForm : undefined;

  function run(next: Form) {
    if (!next.q.trim()) {
      setError("Type something to search for.");
      return;
    }
    setError(undefined);
    startNavigation(() => router.push(`/projects/${projectId}/search?${toParams(next)}`));
  }

  async function more(scope: "documents" | "annotations", offset: number) {
    if (!searched) return;
    setLoadingMore(true);
    try {
      const answer = await api<SearchResult>(`/api/projects/${projectId}/search?${toParams(searched, { scope, offset: String(offset) })}`);
      setResult((current) => {
        const page = answer[scope];
        const before = current?.[scope];
        if (!current || !page || !before) return current;
        return { ...current, [scope]: { ...page, items: [...before.items, ...page.items] } };
      });
      setError(undefined);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setLoadingMore(false);
    }
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    run(form);
  };

  // Choices take effect at once once there is a search; typed fields on Enter.
  const choose = (key: keyof Form, value: string) => {
    const next = { ...form, [key]: value };
    setForm(next);
    if (searched && next.q.trim()) run(next);
  };
  const type = (key: keyof Form, value: string) => setForm((f) => ({ ...f, [key]: value }));

  const documents = result?.documents;
  const annotations = result?.annotations;

  return (
    <div className="space-y-6">
      <form role="search" onSubmit={submit} className="max-w-5xl space-y-3">
        <div className="flex items-end gap-2">
          <div className="grow">
            <Field label="Search">
              <Input
                type="search" name="q" value={form.q} maxLength={200} autoComplete="off" aria-describedby="search-help"
                placeholder={`treaty, "strategic partnership", summit -Putin`} onChange={(e) => type("q", e.target.value)}
              />
            </Field>
          </div>
          <Button type="submit" disabled={pending}>{pending ? "Searching…" : "Search"}</Button>
        </div>
        <p id="search-help" className="text-xs text-slate-600">
          Every form of a word matches (treaty, treaties). Put a phrase in &quot;quotes&quot;, write or between alternatives, and -word to leave a word out.
        </p>
        <div className="grid gap-2 sm:grid-cols-3 lg:grid-cols-6">
          <Field label="Look in">
            <Select value={form.scope} onChange={(e) => choose("scope", e.target.value)}>
              <option value="all">Documents and annotations</option>
              <option value="documents">Documents</option>
              <option value="annotations">Annotations</option>
            </Select>
          </Field>
          <Field label="Label">
            <Select value={form.labelId} onChange={(e) => choose("labelId", e.target.value)}>
              <option value="">All labels</option>
              {labels.map((l) => <option key={l.id} value={l.id}>{l.name}</option>)}
            </Select>
          </Field>
          <Field label="Annotator">
            <Select value={form.authorId} onChange={(e) => choose("authorId", e.target.value)}>
              <option value="">All annotators</option>
              {members.map((m) => <option key={m.userId} value={m.userId}>{m.name}</option>)}
            </Select>
          </Field>
          <Field label="Review state">
            <Select value={form.reviewState} onChange={(e) => choose("reviewState", e.target.value)}>
              <option value="">Any state</option>
              <option value="PENDING">Pending</option>
              <option value="ACCEPTED">Accepted</option>
              <option value="REJECTED">Rejected</option>
            </Select>
          </Field>
          <Field label="Published from">
            <Input value={form.dateFrom} placeholder="2019 or 2019-04" onChange={(e) => type("dateFrom", e.target.value)} />
          </Field>
          <Field label="Published to">
            <Input value={form.dateTo} placeholder="2024-06-19" onChange={(e) => type("dateTo", e.target.value)} />
          </Field>
        </div>
        <p className="text-xs text-slate-600">Label, annotator and review state narrow the annotations; the publication dates narrow both.</p>
      </form>

      {error ? <Alert>{error}</Alert> : null}
      {result?.notice ? <Alert kind="info">{result.notice}</Alert> : null}
      {result && searched && !result.notice ? (
        <p role="status" className="text-sm text-slate-700">
          {[documents ? plural(documents.total, "document", "documents") : null, annotations ? plural(annotations.total, "annotation", "annotations") : null]
            .filter(Boolean)
            .join(" and ")}{" "}
          match “{searched.q}”.
        </p>
      ) : null}

      {documents ? (
        <section aria-labelledby="document-results" className="space-y-2">
          <h2 id="document-results" className="text-lg font-semibold">Documents ({documents.total.toLocaleString("en")})</h2>
          {documents.items.length === 0 ? <p className="text-sm text-slate-700">No document matches.</p> : null}
          <ol aria-label="Document results" className="space-y-3">
            {documents.items.map((hit) => <DocumentResult key={hit.id} hit={hit} />)}
          </ol>
          {documents.nextOffset !== null ? (
            <Button variant="secondary" disabled={pending} onClick={() => void more("documents", documents.nextOffset!)}>More documents</Button>
          ) : null}
        </section>
      ) : null}

      {annotations ? (
        <section aria-labelledby="annotation-results" className="space-y-2">
          <h2 id="annotation-results" className="text-lg font-semibold">Annotations ({annotations.total.toLocaleString("en")})</h2>
          {annotations.items.length === 0 ? <p className="text-sm text-slate-700">No annotation matches.</p> : null}
          <ol aria-label="Annotation results" className="space-y-2">
            {annotations.items.map((hit) => <AnnotationResult key={hit.id} hit={hit} />)}
          </ol>
          {annotations.nextOffset !== null ? (
            <Button variant="secondary" disabled={pending} onClick={() => void more("annotations", annotations.nextOffset!)}>More annotations</Button>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
