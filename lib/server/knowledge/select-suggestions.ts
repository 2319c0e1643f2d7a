// Which name occurrences in one document become suggestions. Pure, so the rules and their cost
// are tested without a database; suggest-mentions.ts feeds it.
//
// Rules, per knowledge-base item: an occurrence already covered by a live annotation linked to
// that item is skipped, and so is one inside a longer occurrence of the same item ("Putin" within
// "Vladimir Putin") or an exact repeat. Both are sorted sweeps — O((n + m) log(n + m)) for n
// occurrences and m linked annotations — where comparing every pair was quadratic (36 s for a
// 160 KB text naming one entity 40,000 times).
import type { NameOccurrence } from "@/lib/server/knowledge/find-name-occurrences";

export type Span = { start: number; end: number };
export type LinkedSpan = Span & { canonicalId: string };
export type SelectedSuggestion = { canonicalId: string; start: number; end: number; exact: string };

/** Counts the steps of the sweeps, so tests can bound the work without a clock. */
export type OperationCounter = { steps: number };

const byStartThenLonger = (a: Span, b: Span) => a.start - b.start || b.end - a.end;

function groupBy<T>(list: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of list) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/**
 * `occurrences` of names in one document, `itemsByKey` the items each folded name refers to (two
 * people may share a name), `linked` the document's live annotations linked to those items.
 */
export function selectSuggestions(
  occurrences: readonly NameOccurrence[],
  itemsByKey: ReadonlyMap<string, Iterable<string>>,
  linked: readonly LinkedSpan[],
  counter: OperationCounter = { steps: 0 },
): SelectedSuggestion[] {
  const perItem: (NameOccurrence & { canonicalId: string })[] = [];
  for (const occurrence of occurrences) {
    for (const canonicalId of itemsByKey.get(occurrence.key) ?? []) {
      counter.steps++;
      perItem.push({ ...occurrence, canonicalId });
    }
  }
  const linkedByItem = groupBy(linked, (l) => l.canonicalId);
  const selected: SelectedSuggestion[] = [];
  for (const [canonicalId, spans] of groupBy(perItem, (o) => o.canonicalId)) {
    spans.sort(byStartThenLonger);
    const covers = [...(linkedByItem.get(canonicalId) ?? [])].sort(byStartThenLonger);
    counter.steps += spans.length + covers.length;
    // Sweep by start: `coveredTo` is the furthest end of the linked spans starting at or before
    // this occurrence, `seenTo` the furthest end of the occurrences kept or skipped before it
    // (which start at or before it, and are longer or equal when they start at the same place).
    let next = 0;
    let coveredTo = -1;
    let seenTo = -1;
    for (const span of spans) {
      counter.steps++;
      while (next < covers.length && covers[next].start <= span.start) {
        counter.steps++;
        coveredTo = Math.max(coveredTo, covers[next++].end);
      }
      const inLongerOrRepeat = seenTo >= span.end;
      seenTo = Math.max(seenTo, span.end);
      if (inLongerOrRepeat || coveredTo >= span.end) continue;
      selected.push({ canonicalId, start: span.start, end: span.end, exact: span.exact });
    }
  }
  return selected;
}
