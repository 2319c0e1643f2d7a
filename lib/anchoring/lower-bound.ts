// The binary search the anchoring, curation and export code share. Pure.

/** First index in [0, n) for which `before` is false (`before` must be true, then false); n when none. */
export function lowerBound(n: number, before: (i: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
