// Choosers of "an entity in this document" or a relation's target list the spans nearest to the
// annotation, not all of them: a document with 5,000 annotations made each such <select> thousands
// of <option> elements, mounted in one uninterruptible commit every time the panel changed (a
// relabel took 200 ms). Near spans are the ones people link; the chosen ones are always listed.

export const NEAREST_LISTED = 100;

type Span = { id: string; start: number; end: number };

/**
 * The `limit` spans of `sorted` (text order) that `accept` takes, nearest to `around`, plus those
 * in `keep`, in text order. O(log n + limit) when most spans are accepted; a full scan only to
 * find kept spans outside the window.
 */
export function nearestSpans<T extends Span>(
  sorted: readonly T[],
  around: { start: number; end: number },
  limit = NEAREST_LISTED,
  keep: readonly (string | undefined)[] = [],
  accept: (span: T) => boolean = () => true,
): T[] {
  const n = sorted.length;
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid].start < around.start) lo = mid + 1;
    else hi = mid;
  }
  // Two fronts moving apart from the annotation's place; each step takes the closer span.
  let left = lo - 1;
  let right = lo;
  const skip = () => {
    while (left >= 0 && !accept(sorted[left])) left--;
    while (right < n && !accept(sorted[right])) right++;
  };
  const distance = (s: T) => (s.end <= around.start ? around.start - s.end : s.start >= around.end ? s.start - around.end : 0);
  const picked: T[] = [];
  skip();
  while (picked.length < limit && (left >= 0 || right < n)) {
    if (right >= n || (left >= 0 && distance(sorted[left]) <= distance(sorted[right]))) picked.push(sorted[left--]);
    else picked.push(sorted[right++]);
    skip();
  }
  const inWindow = new Set(picked.map((s) => s.id));
  const missing = new Set(keep.filter((id): id is string => !!id && !inWindow.has(id)));
  const extra = missing.size ? sorted.filter((s) => missing.has(s.id)) : [];
  return [...picked, ...extra].sort((a, b) => a.start - b.start || b.end - a.end);
}
