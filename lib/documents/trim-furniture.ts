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

// ---- the top of a page ---------------------------------------------------------------------------
//
// Scraped pages also start with furniture: the site's own dateline (often twice, "July 05,
// 2025Jul 05, 2025"), a section label ("KCNA Ministry of Foreign Affairs (EN)"), "Read original
// version at source" lines, breadcrumbs, share buttons, "Skip to content". Only the lines before
// the article's first paragraph are looked at, and a line is cut only when it matches one of these
// kinds on its own; the headline, the article's own dateline and bylines stay. Cut lines need not
// be next to each other (a headline can sit between two of them).

export type HeaderCut = {
  /** The cut lines with why, in order. */
  lines: { text: string; reason: string }[];
  /** UTF-16 [start, end) of each cut line in the input, end including its line break. */
  ranges: [number, number][];
  /** The input without them (leading blank lines dropped). */
  keep: string;
  /** Short explanations for the preview, e.g. "2 site datelines", "a \"Read original\" line". */
  reasons: string[];
};

const READ_ORIGINAL = /\bread (?:the )?original(?: version| article| story)?(?: at (?:the )?source)?\b|^(?:date|source|posted|published|updated)\s*:[^|]*\|/i;
const BREADCRUMB = /^(?:home|start|main|news)\s*(?:[>»›/|]\s*[\p{L}\d .,'&()-]+)+$/iu;
const SITE_CHROME =
  /^(?:skip to (?:main )?content|(?:main )?menu|toggle navigation|navigation|search|log ?in|sign ?in|sign up|subscribe(?: now)?|advertisement|close|back to top|go to top|font size:?.*|a\+? ?a-?|listen(?: to this article)?|print(?: this)?(?: page| article)?)$/i;
const SHARE_WORD = "(?:share(?: this(?: article| story| page)?)?(?: on)?|tweet|facebook|twitter|x|telegram|vk|vkontakte|whatsapp|linkedin|e-?mail|print|copy link|reddit|weibo|wechat|line|pinterest)";
const SHARE_LINE = new RegExp(`^${SHARE_WORD}(?:[\\s|·•,/:]+${SHARE_WORD})*[\\s:]*$`, "i");
/** A section label: short, no sentence punctuation, ends with a language tag or starts with a news agency's name. */
const SECTION_LABEL = /^(?:[\p{L} .&'-]{2,50}\((?:en|eng|english|ru|ko|fr|es|de|zh|ja)\)|(?:kcna|kcna watch|yonhap|tass|ria novosti|xinhua|reuters|ap|afp)\b[\p{L} .&'()-]{0,50})$/iu;

/** A line that starts the article's prose: long, or a full sentence of some length. */
export const isProseLine = (line: string) => line.length >= 160 || (line.split(/\s+/).length >= 14 && /[.!?”"']$/.test(line));

export function findHeaderFurniture(text: string): HeaderCut | null {
  const lines = splitLines(text);
  const cut: { index: number; reason: string }[] = [];
  let seenContent = false;
  let nonBlank = 0;
  for (let i = 0; i < lines.length && nonBlank < 15; i++) {
    const line = lines[i].text;
    if (!line) continue;
    nonBlank++;
    if (isProseLine(line)) break;
    let reason: string | null = null;
    if (line.length <= 200 && READ_ORIGINAL.test(line)) reason = 'a "Read original" / source line';
    else if (line.length <= 120 && (BREADCRUMB.test(line) || SITE_CHROME.test(line))) reason = "navigation";
    else if (line.length <= 120 && SHARE_LINE.test(line)) reason = "share buttons";
    else if (DATE_LINE.test(line) && (!seenContent || repeatsADate(line))) reason = "the site's dateline";
    else if (!seenContent && SECTION_LABEL.test(line)) reason = "a section label";
    if (reason) cut.push({ index: i, reason });
    else seenContent = true;
  }
  if (cut.length === 0) return null;
  const ranges = cut.map(({ index }): [number, number] => {
    const start = lines[index].start;
    const end = index + 1 < lines.length ? lines[index + 1].start : text.length;
    return [start, end];
  });
  const keep = cutRanges(text, ranges);
  if (!keep.trim()) return null;
  const counts = new Map<string, number>();
  for (const { reason } of cut) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  const reasons = [...counts].map(([reason, n]) => (n > 1 ? `${n} × ${reason}` : reason));
  return { lines: cut.map(({ index, reason }) => ({ text: lines[index].text, reason })), ranges, keep, reasons };
}

/**
 * The text without whole lines [start, end): a cut between two blank lines leaves one blank line,
 * and the text starts at its first non-blank line.
 */
function cutRanges(text: string, ranges: [number, number][]): string {
  let kept = "";
  let at = 0;
  for (const [start, end] of ranges) {
    kept += text.slice(at, start);
    at = end;
    if (kept.endsWith("\n\n") || kept === "") while (text[at] === "\n") at++;
  }
  return (kept + text.slice(at)).replace(/^\s*\n/, "");
}

/** "July 05, 2025Jul 05, 2025": the same date twice in one line is the site's, not the article's. */
function repeatsADate(line: string): boolean {
  const dates = line.match(new RegExp(`${MONTH}\\.? \\d{1,2},? \\d{4}|\\d{1,2} ${MONTH}\\.? \\d{4}|\\d{4}-\\d{2}-\\d{2}|\\d{1,2}/\\d{1,2}/\\d{4}`, "gi"));
  return (dates?.length ?? 0) >= 2;
}

export type TrimPlan = { head: HeaderCut | null; tail: FurnitureTrim | null };

/** Both ends' furniture of a canonical text. */
export function planTrim(text: string): TrimPlan {
  const head = findHeaderFurniture(text);
  const tail = findFurniture(text);
  // A page that is all furniture below its header (or the reverse) keeps the cut that leaves text.
  if (head && tail && head.ranges.at(-1)![1] > tail.cutAt) return { head: null, tail };
  return { head, tail };
}

/** The text with the chosen ends cut. */
export function applyTrim(text: string, plan: TrimPlan, choice: { head: boolean; tail: boolean }): string {
  const tailCut = choice.tail && plan.tail ? plan.tail.cutAt : text.length;
  let body = text.slice(0, tailCut);
  if (choice.head && plan.head) body = cutRanges(body, plan.head.ranges);
  return choice.tail && plan.tail ? body.trimEnd() : body;
}
