// Scraped news pages end in site furniture: "More From …", "More Articles", "Previous Post Next
// Post", copyright lines, and lists of other headlines with dates and teasers (often each twice).
// findFurniture proposes where the article ends; the importer shows exactly what it would cut
// and keeps the original. It is conservative: it needs an explicit marker line, and everything
// after the cut must look like furniture, so a false "no" is likelier than cutting real text.

export type FurnitureTrim = {
  /** The text with the furniture removed (trailing whitespace of the kept part removed). */
  keep: string;
  /** Exactly the removed tail: text.slice(cutAt). */
  removed: string;
  /** UTF-16 index in the input where the removed part starts. */
  cutAt: number;
  /** Non-blank lines removed. */
  removedLines: number;
  /** Short explanations, e.g. '"More Articles" marker', '12 repeated headline/teaser lines'. */
  reasons: string[];
};

const MONTH = "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
const DATE_LINE = new RegExp(`^(?:(?:${MONTH}\\.? \\d{1,2},? \\d{4}|\\d{1,2} ${MONTH}\\.? \\d{4}|\\d{4}-\\d{2}-\\d{2}|\\d{1,2}/\\d{1,2}/\\d{4})\\s*)+$`, "i");
const MARKER_LINE =
  /^(?:more (?:from|articles|stories|news)\b.*|related (?:articles|posts|stories|news)|previous post(?:\s*next post)?|next post|read more|you (?:may|might) also like|recommended(?: for you)?|latest (?:news|articles))[\s:.…»>-]*$/i;
const COPYRIGHT_LINE = /^(?:\d{4}\s*)?(?:©|\(c\)|copyright\b).*$|all rights reserved/i;
const PAGE_NUMBER_LINE = /^(?:\d{1,3}|page \d+(?: of \d+)?)$/i;

type Line = { text: string; start: number };

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (const text_ of text.split("\n")) {
    lines.push({ text: text_.trim(), start });
    start += text_.length + 1;
  }
  return lines;
}

const isMarker = (l: string) => l.length <= 120 && (MARKER_LINE.test(l) || COPYRIGHT_LINE.test(l));

export function findFurniture(text: string): FurnitureTrim | null {
  const lines = splitLines(text);
  const markerIndexes = lines.flatMap((l, i) => (isMarker(l.text) ? [i] : []));
  if (markerIndexes.length === 0) return null;

  // Try markers from the last one upwards; the earliest marker whose whole tail is furniture wins.
  let best: { index: number; counts: Record<string, number> } | null = null;
  for (let m = markerIndexes.length - 1; m >= 0; m--) {
    const index = markerIndexes[m];
    const tail = lines.slice(index).map((l) => l.text).filter(Boolean);
    const occurrences = new Map<string, number>();
    for (const t of tail) occurrences.set(t, (occurrences.get(t) ?? 0) + 1);
    const counts = { marker: 0, date: 0, page: 0, repeated: 0 };
    let furniture = true;
    for (const t of tail) {
      if (isMarker(t)) counts.marker++;
      else if (DATE_LINE.test(t)) counts.date++;
      else if (PAGE_NUMBER_LINE.test(t)) counts.page++;
      else if ((occurrences.get(t) ?? 0) >= 2) counts.repeated++;
      else {
        furniture = false;
        break;
      }
    }
    if (!furniture) break;
    best = { index, counts };
  }
  if (!best) return null;

  const cutAt = lines[best.index].start;
  const keep = text.slice(0, cutAt).trimEnd();
  if (!keep.trim()) return null;
  const removed = text.slice(cutAt);
  const { marker, date, page, repeated } = best.counts;
  const first = lines[best.index].text;
  const reasons = [`"${first.length > 60 ? first.slice(0, 57) + "…" : first}" ${COPYRIGHT_LINE.test(first) && !MARKER_LINE.test(first) ? "copyright line" : "marker"}`];
  if (marker > 1) reasons.push(`${marker - 1} more marker line${marker > 2 ? "s" : ""}`);
  if (repeated) reasons.push(`${repeated} repeated headline/teaser lines`);
  if (date) reasons.push(`${date} date line${date > 1 ? "s" : ""}`);
  if (page) reasons.push(`${page} page-number line${page > 1 ? "s" : ""}`);
  return { keep, removed, cutAt, removedLines: marker + date + page + repeated, reasons };
}
