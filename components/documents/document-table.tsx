// The project's document list: filters in a plain GET form, sortable column headers and pages as
// links — the page is rendered on the server from the URL, so it works before any script runs,
// can be bookmarked, and stays fast with 10,000 documents (only one page is ever sent).
import Link from "next/link";
import type { DocumentListQuery, DocumentSort } from "@/lib/schemas/document-list";
import type { DocumentRow } from "@/lib/server/documents/list-documents-page";

type Props = {
  projectId: string;
  query: DocumentListQuery;
  page: { documents: DocumentRow[]; total: number; nextOffset: number | null };
  assignees: { userId: string; name: string }[];
};

const COLUMNS: { sort: DocumentSort; label: string; numeric?: boolean }[] = [
  { sort: "title", label: "Title" },
  { sort: "publisher", label: "Publisher" },
  { sort: "publishedOn", label: "Published" },
  { sort: "length", label: "Characters", numeric: true },
  { sort: "annotations", label: "Annotations", numeric: true },
];

const FILTER_KEYS = ["q", "publisher", "tag", "from", "to", "assignee", "status"] as const;

/** The list's URL with `changes` applied (undefined removes a parameter). */
function href(projectId: string, query: DocumentListQuery, changes: Partial<Record<string, string | number | undefined>>) {
  const params = new URLSearchParams();
  const merged: Record<string, unknown> = { ...query, ...changes };
  for (const key of [...FILTER_KEYS, "sort", "dir", "limit", "offset"]) {
    const value = merged[key];
    const isDefault = (key === "sort" && value === "createdAt") || (key === "dir" && value === "asc") || (key === "limit" && value === 50) || (key === "offset" && value === 0);
    if (value !== undefined && value !== "" && !isDefault) params.set(key, String(value));
  }
  const search = params.toString();
  return `/projects/${projectId}${search ? `?${search}` : ""}`;
}

const filtered = (query: DocumentListQuery) => FILTER_KEYS.some((k) => query[k] !== undefined);

export function DocumentTable({ projectId, query, page, assignees }: Props) {
  const first = page.documents.length ? query.offset + 1 : 0;
  const last = query.offset + page.documents.length;
  return (
    <section aria-labelledby="docs-heading" className="space-y-2">
      <h2 id="docs-heading" className="text-lg font-semibold">Documents ({page.total.toLocaleString("en")}{filtered(query) ? " matching" : ""})</h2>
      <form method="get" action={`/projects/${projectId}`} role="search" aria-label="Filter documents" className="flex flex-wrap items-end gap-2 text-sm">
        <label className="flex flex-col">Title or file<input name="q" defaultValue={query.q ?? ""} className="rounded border border-slate-300 px-2 py-1" /></label>
        <label className="flex flex-col">Publisher<input name="publisher" defaultValue={query.publisher ?? ""} className="rounded border border-slate-300 px-2 py-1" /></label>
        <label className="flex flex-col">Tag<input name="tag" defaultValue={query.tag ?? ""} className="w-28 rounded border border-slate-300 px-2 py-1" /></label>
        <label className="flex flex-col">Published from<input name="from" defaultValue={query.from ?? ""} placeholder="2019" className="w-28 rounded border border-slate-300 px-2 py-1" /></label>
        <label className="flex flex-col">to<input name="to" defaultValue={query.to ?? ""} placeholder="2024-06" className="w-28 rounded border border-slate-300 px-2 py-1" /></label>
        <label className="flex flex-col">Assigned to
          <select name="assignee" defaultValue={query.assignee ?? ""} className="rounded border border-slate-300 px-2 py-1">
            <option value="">anyone</option>
            {assignees.map((a) => <option key={a.userId} value={a.userId}>{a.name}</option>)}
          </select>
        </label>
        <label className="flex flex-col">Status
          <select name="status" defaultValue={query.status ?? ""} className="rounded border border-slate-300 px-2 py-1">
            <option value="">any</option>
            <option value="unassigned">not assigned</option>
            <option value="todo">someone still at work</option>
            <option value="finished">finished by everyone assigned</option>
          </select>
        </label>
        {query.sort !== "createdAt" ? <input type="hidden" name="sort" value={query.sort} /> : null}
        {query.dir !== "asc" ? <input type="hidden" name="dir" value={query.dir} /> : null}
        <button type="submit" className="rounded border border-slate-300 bg-white px-3 py-1 font-medium hover:bg-slate-100">Filter</button>
        {filtered(query) ? <Link href={href(projectId, query, Object.fromEntries(FILTER_KEYS.map((k) => [k, undefined])))} className="py-1 text-blue-800 underline">Clear filters</Link> : null}
      </form>
      {page.documents.length === 0 ? (
        <p className="text-slate-700">{filtered(query) ? "No document matches these filters." : "No documents yet."}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="min-w-full divide-y divide-slate-200 rounded border border-slate-200 bg-white text-sm">
            <thead className="bg-slate-100 text-left">
              <tr>
                {COLUMNS.map((column) => {
                  const active = query.sort === column.sort;
                  const next = active && query.dir === "asc" ? "desc" : "asc";
                  return (
                    <th key={column.sort} scope="col" className={`whitespace-nowrap px-3 py-2 ${column.numeric ? "text-right" : ""}`} aria-sort={active ? (query.dir === "asc" ? "ascending" : "descending") : undefined}>
                      <Link href={href(projectId, query, { sort: column.sort, dir: next, offset: 0 })} className="hover:underline" aria-label={`${column.label}: sort ${next === "asc" ? "ascending" : "descending"}`}>
                        {column.label}{active ? (query.dir === "asc" ? " ▲" : " ▼") : ""}
                      </Link>
                    </th>
                  );
                })}
                <th scope="col" className="whitespace-nowrap px-3 py-2">Assigned</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {page.documents.map((d) => (
                <tr key={d.id}>
                  <td className="px-3 py-2">
                    {/* One line per document: a long title is cut with an ellipsis, the full title in its
                        tooltip (the width limit sits on a block: browsers ignore max-width on cells). */}
                    <div className="flex max-w-[28rem] items-baseline gap-2">
                      <Link href={`/documents/${d.id}`} title={d.title} className="min-w-0 truncate text-blue-800 hover:underline">{d.title}</Link>
                      {d.tags.length ? <span className="shrink-0 text-xs text-slate-600">{d.tags.join(", ")}</span> : null}
                    </div>
                  </td>
                  <td className="px-3 py-2 text-slate-700"><span className="block max-w-[12rem] truncate" title={d.publisher ?? undefined}>{d.publisher ?? "—"}</span></td>
                  <td className="whitespace-nowrap px-3 py-2 text-slate-700">{d.publishedOn ?? "—"}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{d.length.toLocaleString("en")}</td>
                  <td className="px-3 py-2 text-right tabular-nums" data-testid="annotation-count">{d.annotationCount}</td>
                  <td className="whitespace-nowrap px-3 py-2 text-slate-700">{d.assignees ? `${d.finished} of ${d.assignees} finished` : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {page.total > query.limit ? (
        <nav aria-label="Document pages" className="flex items-center gap-3 text-sm">
          <span>{first.toLocaleString("en")}–{last.toLocaleString("en")} of {page.total.toLocaleString("en")}</span>
          {query.offset > 0 ? <Link href={href(projectId, query, { offset: Math.max(0, query.offset - query.limit) })} className="text-blue-800 underline">Previous page</Link> : null}
          {page.nextOffset !== null ? <Link href={href(projectId, query, { offset: page.nextOffset })} className="text-blue-800 underline">Next page</Link> : null}
        </nav>
      ) : null}
    </section>
  );
}
