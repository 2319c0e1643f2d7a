import Link from "next/link";

/**
 * Where one page of a long list sits ("Showing 101–200 of 2,345 documents") with links to the
 * previous and next pages. Renders nothing when everything fits on the first page.
 */
export function Pager({ label, noun, offset, limit, shown, total, href }: {
  /** Accessible name of the navigation, e.g. "Pages of documents". */
  label: string;
  noun: string;
  offset: number;
  limit: number;
  shown: number;
  total: number;
  href: (offset: number) => string;
}) {
  if (offset === 0 && shown >= total) return null;
  const range = shown ? `${(offset + 1).toLocaleString("en")}–${(offset + shown).toLocaleString("en")}` : "none";
  return (
    <nav aria-label={label} className="flex flex-wrap items-center gap-3 text-sm text-slate-700">
      <span data-testid="pager-status">Showing {range} of {total.toLocaleString("en")} {noun}</span>
      {offset > 0 ? <Link href={href(Math.max(0, offset - limit))} className="text-blue-800 underline">Previous page</Link> : null}
      {offset + shown < total ? <Link href={href(offset + shown)} className="text-blue-800 underline">Next page</Link> : null}
    </nav>
  );
}
