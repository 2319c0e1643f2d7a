// Re-anchoring many annotations on one text (an annotation-set import): the work grows with the
// text plus the annotations, not their product, and every span lands exactly where anchoring each
// annotation on its own puts it.
import { expect, test } from "vitest";
import { OffsetMap, quoteOf } from "@/lib/anchoring/offsets";
import { anchor, AnchorContext, type IncomingSpan, type OffsetUnit, searchBudget } from "@/lib/anchoring/reanchor";
import { withTimerBeside } from "@/lib/testing/event-loop-pauses";

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The reference: each annotation anchored on its own, on a text seen for the first time — a plain
 * scan of the text for every occurrence of the quote, as before anchoring contexts kept an index.
 */
const alone = (text: string, a: IncomingSpan, unit?: OffsetUnit) => anchor(new AnchorContext(text), a, unit);

const PIECES = ["a", "b", "ab", " ", "  ", "\n", "\n\n", "\t", "🇰🇵", "金正恩", "普京", "e\u0301", "👩🏽‍🔬", "Kim", "Putin", "😀", ", "];

/** What an exporter gets wrong: shifted offsets, CRLF and spacing in the quote, UTF-16 offsets, a quote that is not in the text. */
function incomingSpans(map: OffsetMap, rand: () => number, count: number): { span: IncomingSpan; unit?: OffsetUnit }[] {
  const spans: { span: IncomingSpan; unit?: OffsetUnit }[] = [];
  for (let i = 0; i < count; i++) {
    const start = Math.floor(rand() * (map.codePointLength - 1));
    const end = Math.min(map.codePointLength, start + 1 + Math.floor(rand() * 8));
    const q = quoteOf(map, { start, end });
    const kind = Math.floor(rand() * 8);
    const shift = Math.floor(rand() * 15) - 7;
    const withContext = rand() < 0.6 ? { prefix: q.prefix.slice(Math.floor(rand() * 20)), suffix: q.suffix.slice(0, Math.floor(rand() * 20)) } : {};
    const at = { start: Math.max(0, start + shift), end: Math.max(0, end + shift) };
    if (kind === 0) spans.push({ span: { ...at, exact: q.exact, ...withContext } });
    else if (kind === 1) spans.push({ span: { ...at, exact: q.exact.replace(/\n/g, "\r\n"), ...withContext } });
    else if (kind === 2) spans.push({ span: { ...at, exact: q.exact.replace(/\s+/g, " \r\n "), ...withContext } });
    else if (kind === 3) spans.push({ span: { exact: q.exact, ...withContext } });
    else if (kind === 4) spans.push({ span: { start: map.toUtf16(start) + shift, end: map.toUtf16(end) + shift, exact: q.exact, ...withContext }, unit: "utf16" });
    else if (kind === 5) spans.push({ span: { ...at, exact: `${q.exact}🇰🇵金正恩`, ...withContext } });
    else if (kind === 6) spans.push({ span: { ...at, exact: q.exact.normalize("NFD"), ...withContext } });
    else spans.push({ span: { start, end, exact: q.exact } });
  }
  return spans;
}

test("many annotations on one text land exactly where anchoring each on its own puts them (random texts, index and cache in use)", () => {
  const rand = random(20250101);
  for (let round = 0; round < 150; round++) {
    const pieces = PIECES.slice(0, 3 + Math.floor(rand() * PIECES.length));
    let text = "";
    while (text.length < 40 + round * 2) text += pieces[Math.floor(rand() * pieces.length)];
    text = text.normalize("NFC");
    const map = new OffsetMap(text);
    const context = new AnchorContext(map);
    // 80 annotations per text: more than enough for the context to index the text and reuse its searches.
    for (const { span, unit } of incomingSpans(map, rand, 80)) {
      expect(anchor(context, span, unit), `${JSON.stringify(text)} ${JSON.stringify(span)}`).toEqual(alone(text, span, unit));
    }
  }
});

test("on a long repetitive text the indexed search reports the same counts and nearest occurrences as a scan", () => {
  const text = "ab".repeat(60_000) + " ab\nab " + "ba".repeat(30_000);
  const map = new OffsetMap(text);
  const context = new AnchorContext(map);
  const quotes = ["ab", "ba", "abab", "bab", "aba", "b ab", "ab\nab", "abababab", "ab ab", "b", "a", "baba", "bb", "abba", "ab\r\nab", "ba ba", "ababa", "babab", "ab  ab", "abb"];
  for (const [i, exact] of quotes.entries()) {
    for (const span of [{ start: 1_001 + i, end: 1_001 + i + exact.length, exact }, { start: 150_000 + i, end: 150_010, exact, prefix: "ab ", suffix: "\nab" }, { exact }]) {
      expect(anchor(context, span), JSON.stringify(span)).toEqual(alone(text, span));
    }
  }
});

/** A ~1 MB document (emoji 🇰🇵, CJK 金正恩, paragraphs) and spans on it as a CRLF-counting tool exports them. */
function bigImport(annotations: number) {
  const rand = random(7);
  const syllables = ["kim", "jong", "un", "pu", "tin", "vla", "di", "vos", "tok", "sum", "mit", "ta", "lks", "ra", "il", "way", "金", "正", "恩", "普京", "🇰🇵", "🤝", "é", "ø"];
  const word = () => Array.from({ length: 1 + Math.floor(rand() * 3) }, () => syllables[Math.floor(rand() * syllables.length)]).join("");
  const parts: string[] = [];
  let length = 0;
  while (length < 1_000_000) {
    const sentence = Array.from({ length: 6 + Math.floor(rand() * 10) }, word).join(" ") + (rand() < 0.2 ? ".\n\n" : ". ");
    parts.push(sentence);
    length += sentence.length;
  }
  const text = parts.join("").normalize("NFC");
  const map = new OffsetMap(text);
  const lineStarts: number[] = [];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) lineStarts.push(map.toCodePoint(i));
  const linesBefore = (cp: number) => {
    let lo = 0;
    let hi = lineStarts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (lineStarts[mid] < cp) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const spans = Array.from({ length: annotations }, (_, i) => {
    let start: number, end: number, shift: number;
    do {
      start = Math.floor(rand() * (map.codePointLength - 40));
      end = start + 3 + Math.floor(rand() * 25);
      // Offsets off by 7, or by the line ends before the span (each counted twice).
      shift = i % 2 ? 7 : linesBefore(start) || 7;
    } while (end + shift > map.codePointLength || map.slice(start + shift, end + shift) === map.slice(start, end));
    const q = quoteOf(map, { start, end });
    // Every tenth quote is not in the text.
    const exact = i % 10 === 9 ? `${q.exact} 金正恩🇰🇵 nowhere` : q.exact;
    return { expected: { start, end }, span: { start: start + shift, end: end + shift, exact, prefix: q.prefix, suffix: q.suffix } };
  });
  return { text, map, spans };
}

test(
  "25,000 annotations with shifted offsets on a 1 MB text re-anchor in well under 3 s, each onto its own span",
  () => {
    const { text, map, spans } = bigImport(25_000);
    expect(text.length).toBeGreaterThan(1_000_000);
    const began = performance.now();
    const context = new AnchorContext(map, searchBudget());
    const results = spans.map(({ span }) => anchor(context, span));
    const seconds = (performance.now() - began) / 1000;
    for (const [i, result] of results.entries()) {
      if (i % 10 === 9) expect(result, `annotation ${i}`).toMatchObject({ status: "refused", reason: expect.stringMatching(/is not in the text/) });
      else expect(result, `annotation ${i}`).toMatchObject({ status: "reanchored", ...spans[i].expected });
    }
    // Before anchoring contexts every one of these scanned the whole text: 12 s and more.
    // Before, a scan of the text per annotation: 12 s on a quiet machine (20–30 s loaded).
    expect(seconds).toBeLessThan(8);
    // And the same results as each annotation anchored on its own (a sample: that is the slow way).
    for (let i = 0; i < 25_000; i += 997) expect(results[i], `annotation ${i}`).toEqual(alone(text, spans[i].span));
  },
  30_000,
);

test("past its search budget an import refuses the annotations it would have to search for, and says why", () => {
  const { map, spans } = bigImport(400);
  const context = new AnchorContext(map, searchBudget(2_000));
  const results = spans.map(({ span }) => anchor(context, span));
  const firstRefused = results.findIndex((r) => r.status === "refused" && /may spend searching/.test(r.reason));
  expect(firstRefused).toBeGreaterThan(0);
  expect(results.slice(0, firstRefused).filter((r) => r.status === "reanchored").length).toBeGreaterThan(0);
  for (const result of results.slice(firstRefused)) {
    expect(result).toMatchObject({ status: "refused", reason: expect.stringMatching(/^the text at \d+–\d+ is .*, not the quote, and the quote was not searched for: this import already spent the time it may spend searching the text for quotes \(on earlier annotations whose offsets did not hold their quote\)\. Correct the offsets .*split the file: the annotations refused for this reason can be imported in a file of their own$/) });
  }
  // Offsets that hold their quote need no search and are still accepted.
  const { start, end } = spans[0].expected;
  expect(anchor(context, { start, end, exact: map.slice(start, end) })).toEqual({ status: "accepted", start, end, exact: map.slice(start, end) });
});

test(
  "an import that builds its text's index in slices lands every annotation where an index built at once does, with the event loop free meanwhile",
  async () => {
    const { map, spans } = bigImport(400);
    const atOnce = new AnchorContext(map, searchBudget());
    const expected = spans.map(({ span }) => anchor(atOnce, span));
    const sliced = new AnchorContext(map, searchBudget(), { indexInSlices: true });
    const { value: results, longest, whole } = await withTimerBeside(async () => {
      const out = [];
      for (const { span } of spans) {
        out.push(anchor(sliced, span));
        await sliced.buildWantedIndexes();
      }
      return out;
    });
    expect(results).toEqual(expected);
    // The 1 MB text's suffix array (a few hundred ms built at once) came in slices of milliseconds.
    expect(longest).toBeLessThan(Math.max(60, whole / 6));
  },
  30_000,
);

test("two waits for one context's index build it once (one charge to the budget, one array)", async () => {
  const { map, spans } = bigImport(40);
  const budget = searchBudget();
  const context = new AnchorContext(map, budget, { indexInSlices: true });
  for (const { span } of spans) anchor(context, span);
  const before = budget.spent;
  await Promise.all([context.buildWantedIndexes(), context.buildWantedIndexes()]);
  // About ten steps per UTF-16 unit of the text, charged once.
  expect(budget.spent - before).toBe(10 * map.text.length);
});
