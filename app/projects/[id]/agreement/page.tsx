import Link from "next/link";
import { can } from "@/lib/server/authz";
import { AGREEMENT_DOCUMENTS_PAGE, agreementFigures } from "@/lib/server/figures/figures";
import { FiguresStatus } from "@/components/dashboard/figures-status";
import type { Figures } from "@/lib/agreement/document-agreement";
import { getProject } from "@/lib/server/projects/get-project";
import { pageProjectAccess, pageUser } from "@/lib/server/session/page-user";
import { ProjectNav } from "@/components/projects/project-nav";
import { IndependenceLine, SharedWarning } from "@/components/dashboard/shared-warning";

export const metadata = { title: "Agreement" };

const show = (x: number | null) => (x === null || Number.isNaN(x) ? "—" : x.toFixed(3));

function FigureTable({ figures, names, caption }: { figures: Figures; names: Record<string, string>; caption: string }) {
  return (
    <div className="space-y-2">
      <p className="text-sm">
        <span className="font-medium">{caption}</span> — {figures.tokens.toLocaleString("en")} tokens, {figures.annotators.length} annotators ·
        Fleiss’ κ <strong data-testid="fleiss">{show(figures.fleissKappa)}</strong> · Krippendorff’s α <strong data-testid="alpha">{show(figures.krippendorffAlpha)}</strong>
      </p>
      {figures.pairs.length ? (
        <table className="min-w-full divide-y divide-slate-200 rounded border border-slate-200 bg-white text-sm">
          <thead className="bg-slate-100 text-left">
            <tr>
              <th scope="col" className="px-2 py-1">Pair</th>
              <th scope="col" className="px-2 py-1 text-right">Cohen’s κ (tokens)</th>
              <th scope="col" className="px-2 py-1 text-right">Span F1, exact</th>
              <th scope="col" className="px-2 py-1 text-right">Span F1, overlap</th>
            </tr>
          </thead>
          <tbody>
            {figures.pairs.map((p) => (
              <tr key={`${p.a}-${p.b}`}>
                <td className="px-2 py-1">{names[p.a] ?? p.a} × {names[p.b] ?? p.b}</td>
                <td className="px-2 py-1 text-right tabular-nums">{show(p.kappa)}</td>
                <td className="px-2 py-1 text-right tabular-nums">{show(p.exactF1)}</td>
                <td className="px-2 py-1 text-right tabular-nums">{show(p.overlapF1)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {Object.keys(figures.perLabel).length ? (
        <p className="text-xs text-slate-700">
          Per label (α): {Object.entries(figures.perLabel).map(([label, a]) => `${label} ${show(a)}`).join(" · ")}
        </p>
      ) : null}
    </div>
  );
}

/** Where this page of per-document figures sits among all of them, with links to its neighbours. */
function DocumentsPager({ projectId, page, total, shown }: { projectId: string; page: number; total: number; shown: number }) {
  if (total <= AGREEMENT_DOCUMENTS_PAGE && page === 1) return null;
  const first = (page - 1) * AGREEMENT_DOCUMENTS_PAGE;
  const href = (n: number) => `/projects/${projectId}/agreement?page=${n}`;
  return (
    <nav aria-label="Pages of documents" className="flex items-center gap-3 text-sm text-slate-700">
      <span>
        Documents {shown ? `${(first + 1).toLocaleString("en")}–${(first + shown).toLocaleString("en")}` : "none"} of {total.toLocaleString("en")}
      </span>
      {page > 1 ? <Link href={href(page - 1)} className="text-blue-800 underline">Previous</Link> : null}
      {first + shown < total ? <Link href={href(page + 1)} className="text-blue-800 underline">Next</Link> : null}
    </nav>
  );
}

export default async function AgreementPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ page?: string }> }) {
  const { id } = await params;
  const pageNumber = Math.max(1, Math.min(100_000, Number.parseInt((await searchParams).page ?? "1", 10) || 1));
  const user = await pageUser(`/projects/${id}/agreement`);
  const access = await pageProjectAccess(user.id, id);
  const project = await getProject(access);
  if (!can(access, "see-progress")) {
    return (
      <div className="space-y-6">
        <ProjectNav access={access} name={project.name} current="agreement" />
        <p className="text-slate-700">Agreement figures are for curators and owners.</p>
      </div>
    );
  }
  const { figures: agreement, ...status } = await agreementFigures(access, { offset: (pageNumber - 1) * AGREEMENT_DOCUMENTS_PAGE, limit: AGREEMENT_DOCUMENTS_PAGE });
  if (!agreement) {
    return (
      <div className="space-y-6">
        <ProjectNav access={access} name={project.name} current="agreement" />
        <FiguresStatus status={status} />
      </div>
    );
  }
  return (
    <div className="space-y-6">
      <ProjectNav access={access} name={project.name} current="agreement" />
      <p className="max-w-3xl text-sm text-slate-700">
        Token-level figures use Intl.Segmenter words, each labelled with the covering annotation’s label (or none); an
        annotator counts for a document once they annotated something in it. Span F1 treats the first of a pair as the
        reference (F1 is symmetric).
      </p>
      <FiguresStatus status={status} />
      <section aria-label="Whole project" className="space-y-2">
        <h2 className="text-lg font-semibold">Whole project</h2>
        <IndependenceLine independence={agreement.independence} />
        {agreement.independence.madeWhileShared > 0 ? <SharedWarning count={agreement.independence.madeWhileShared} of={agreement.independence.counted} /> : null}
        <FigureTable figures={agreement.overall} names={agreement.annotators} caption="All documents" />
      </section>
      <section aria-label="Per document" className="space-y-4">
        <h2 className="text-lg font-semibold">Per document</h2>
        {agreement.documentsTotal === 0 ? <p className="text-slate-700">No annotations yet.</p> : null}
        <DocumentsPager projectId={project.id} page={pageNumber} total={agreement.documentsTotal} shown={agreement.documents.length} />
        {agreement.documents.map((d) => (
          <div key={d.id} className="space-y-1 rounded border border-slate-200 bg-white p-3">
            <h3 className="font-medium">
              <Link href={`/documents/${d.id}?disagreements=1`} className="text-blue-800 underline">{d.title}</Link>
              <span className="ml-2 text-xs font-normal text-slate-600">{d.disagreementRegions} region(s) of low agreement — open to see them in the text</span>
            </h3>
            <IndependenceLine independence={d.independence} />
            <FigureTable figures={d.figures} names={agreement.annotators} caption="This document" />
          </div>
        ))}
      </section>
    </div>
  );
}
