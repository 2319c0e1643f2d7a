import type { RecommenderFigures } from "@/lib/server/recommenders/recommender-figures";

const pct = (x: number | null) => (x === null ? "—" : `${Math.round(x * 100)}%`);

/**
 * Every recommender's numbers per label in one table (dashboard; annotators' settings page). Says
 * whose decisions are counted, since an annotator's figures are their own only.
 */
export function RecommenderFiguresTable({ figures, caption }: { figures: RecommenderFigures; caption: string }) {
  if (figures.rows.length === 0) return <p className="text-sm text-slate-700">No proposals stored and none decided yet.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full divide-y divide-slate-200 rounded border border-slate-200 bg-white text-sm" aria-label={caption}>
        <thead className="bg-slate-100 text-left">
          <tr>
            <th scope="col" className="px-3 py-2">Recommender</th>
            <th scope="col" className="px-3 py-2">Label</th>
            <th scope="col" className="px-3 py-2 text-right">Proposals</th>
            <th scope="col" className="px-3 py-2 text-right">Accepted</th>
            <th scope="col" className="px-3 py-2 text-right">Rejected</th>
            <th scope="col" className="px-3 py-2 text-right">Precision</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {figures.rows.map((r) => (
            <tr key={`${r.recommenderId}:${r.labelId}`}>
              <th scope="row" className="px-3 py-2 text-left font-normal">{r.recommender}</th>
              <td className="px-3 py-2">{r.label}</td>
              <td className="px-3 py-2 text-right tabular-nums">{r.proposals ?? "—"}</td>
              <td className="px-3 py-2 text-right tabular-nums">{r.accepted}</td>
              <td className="px-3 py-2 text-right tabular-nums">{r.rejected}</td>
              <td className="px-3 py-2 text-right tabular-nums">{pct(r.precision)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-1 text-xs text-slate-600">
        {figures.scope === "everyone" ? "Everyone’s accepts and rejects." : "Your own accepts and rejects only (others’ decisions are theirs)."} Precision: accepted of decided.
        The string matcher proposes as people annotate and stores nothing, so it has no proposal count; the knowledge base’s
        suggestions are counted under the label each is offered with.
      </p>
    </div>
  );
}
