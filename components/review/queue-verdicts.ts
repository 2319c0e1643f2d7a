// The review queue reloads its list when a filter changes, and the reviewer may give a verdict on
// a card of the list they see while that reload is on its way (the keys work at once). The answer
// to a list asked for before the verdict is older than the verdict: read before it, it shows the
// card still pending; read after it, a "pending" list leaves the card out. Either way the card the
// reviewer just decided would lose its verdict on screen (and invite a second one). So a list is
// shown with the verdicts given since it was asked for laid over it.

export type QueueFilters = { state: string; documentId: string; labelId: string; authorId: string };

type Card = {
  id: string;
  documentId: string;
  reviewState: string;
  label: { id: string };
  author: { id: string };
};

/** A verdict given in this page: the card as it was and as the verdict left it, and the number of the last list asked for when the server confirmed it (Infinity while on its way). */
export type GivenVerdict<T extends Card> = { before: T; after: T; load: number };

/** Whether the card, as it was before the verdict, belongs in a list with these filters (as the server decides it). */
export function matchesFilters(card: Card, filters: QueueFilters): boolean {
  return (
    (filters.state === "ALL" || card.reviewState === filters.state) &&
    (!filters.documentId || card.documentId === filters.documentId) &&
    (!filters.labelId || card.label.id === filters.labelId) &&
    (!filters.authorId || card.author.id === filters.authorId)
  );
}

/**
 * The list to show for the answer `page` to list number `load`: the cards decided since that list
 * was asked for (verdicts with `load` at least its number) as the verdict left them; a decided card
 * the answer left out (the server already saw the verdict) is kept where it stood among the
 * cards shown before, when it would have been in the list without the verdict.
 */
export function withLaterVerdicts<T extends Card>(page: T[], load: number, verdicts: Iterable<GivenVerdict<T>>, shown: T[], filters: QueueFilters): T[] {
  const later = new Map<string, GivenVerdict<T>>();
  for (const v of verdicts) if (v.load >= load) later.set(v.before.id, v);
  if (!later.size) return page;
  const result = page.map((card) => later.get(card.id)?.after ?? card);
  const present = new Set(result.map((card) => card.id));
  shown.forEach((card, i) => {
    const verdict = later.get(card.id);
    if (!verdict || present.has(card.id) || !matchesFilters(verdict.before, filters)) return;
    const neighbour = shown.slice(0, i).reverse().find((c) => present.has(c.id));
    const at = neighbour ? result.findIndex((c) => c.id === neighbour.id) + 1 : 0;
    result.splice(at, 0, verdict.after);
    present.add(card.id);
  });
  return result;
}
