// Agreement is only evidence of a clear scheme when annotators worked independently; these say
// how many of the counted annotations were made while annotators could see each other's work.

const plural = (n: number, one: string, many: string) => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;

/** The warning on the agreement page and the dashboard when any counted annotation was made while shared. */
export function SharedWarning({ count, of }: { count: number; of: number }) {
  return (
    <p role="note" data-testid="shared-warning" className="max-w-3xl rounded border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900">
      <strong>Not independent:</strong> {plural(count, "annotation", "annotations")} of the {of.toLocaleString("en")} counted{" "}
      {count === 1 ? "was" : "were"} made while annotators could see each other’s work, which inflates agreement. Set “Annotators
      see” to “Only their own work” in the project settings for independent figures.
    </p>
  );
}

/** Which mode the counted annotations were made in. */
export function IndependenceLine({ independence }: { independence: { counted: number; madeWhileShared: number } }) {
  const { counted, madeWhileShared } = independence;
  return (
    <p className="text-xs text-slate-700" data-testid="independence">
      {plural(counted, "annotation", "annotations")} counted: {madeWhileShared.toLocaleString("en")} made while annotators could see each
      other’s work, {(counted - madeWhileShared).toLocaleString("en")} made independently.
    </p>
  );
}
