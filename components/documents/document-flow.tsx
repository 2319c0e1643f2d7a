import Link from "next/link";
import type { DocumentNeighbours } from "@/lib/server/documents/document-neighbours";
import { DocumentSwitcher } from "@/components/documents/document-switcher";

/** Previous / next in the reader's order (their assignment queue, or the project's), and the switcher. */
export function DocumentFlow({ projectId, documentId, flow }: { projectId: string; documentId: string; flow: DocumentNeighbours }) {
  const where = flow.order === "assignments" ? `Your assigned document ${flow.position} of ${flow.total}` : `Document ${flow.position} of ${flow.total}`;
  const step = (to: DocumentNeighbours["next"], text: "Previous" | "Next") =>
    to ? (
      <Link href={`/documents/${to.id}`} rel={text === "Next" ? "next" : "prev"} title={to.title} aria-label={`${text} document: ${to.title}`} className="rounded border border-slate-300 bg-white px-2 py-1 text-slate-800 hover:bg-slate-100">
        {text === "Previous" ? "← Previous" : "Next →"}
      </Link>
    ) : (
      <span aria-disabled="true" className="rounded border border-slate-200 px-2 py-1 text-slate-500">{text === "Previous" ? "← Previous" : "Next →"}</span>
    );
  return (
    <nav aria-label="Documents" className="flex flex-wrap items-center gap-2 text-sm">
      {step(flow.previous, "Previous")}
      <span className="text-slate-700">{where}</span>
      {step(flow.next, "Next")}
      <span className="ml-auto"><DocumentSwitcher projectId={projectId} currentId={documentId} /></span>
    </nav>
  );
}
