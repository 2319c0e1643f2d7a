// Places an annotation made elsewhere on our canonical text: keep its offsets when they hold its
// quote, otherwise find the quote (exactly, then after normalising line ends, Unicode form and
// white space) and pick the occurrence its context fits best. Every outcome carries a reason a
// researcher can read in the import's dry-run report. Pure; browser and Node.
import { runAtOnce, runInSlices, type Steps } from "@/lib/run-in-slices";
import { OffsetMap } from "@/lib/anchoring/offsets";
import { lowerBound } from "@/lib/anchoring/lower-bound";

export type OffsetUnit = "codepoint" | "utf16";

/** What another tool says about a span: any of position and quote, possibly wrong. */
export type IncomingSpan = { start?: number; end?: number; exact?: string; prefix?: string; suffix?: string };

/** Offsets are code points into the canonical text, end exclusive; `exact` is the text there. */
export type AnchorResult =
  | { status: "accepted"; start: number; end: number; exact: string }
  | { status: "reanchored"; start: number; end: number; exact: string; reason: string }
  | { status: "refused"; reason: string };

/** A quote for a message: JSON-quoted (so line breaks show) and cut to 60 code points. */
export function showQuote(s: string): string {
  const chars = [...s];
  return JSON.stringify(chars.length > 60 ? `${chars.slice(0, 57).join("")}…` : s);
}

// Importing thousands of annotations onto one text calls anchor() with the same string each time;
// building the OffsetMap (and the white-space index) once per text keeps that linear.
let lastText: string | undefined;
let lastMap: OffsetMap | undefined;
const collapsedIndexes = new WeakMap<OffsetMap, CollapsedText>();

function mapOf(text: string | OffsetMap): OffsetMap {
  if (typeof text !== "string") return text;
  if (lastText !== text || !lastMap) {
    lastText = text;
    lastMap = new OffsetMap(text);
  }
  return lastMap;
}

/** Line ends and Unicode form as in canonical text (see canonical-text.ts). */
const canonicalForm = (s: string) => s.replace(/\r\n?/g, "\n").normalize("NFC");
const collapseWhitespace = (s: string) => s.replace(/\s+/gu, " ");

/**
 * The text with every run of white space replaced by one space, and where the runs longer than one
 * unit were (`at`: their index in `text`; `shift`: units removed up to and including that run), so
 * an index of `text` maps back without a table the size of the document.
 */
type CollapsedText = { text: string; at: Int32Array; shift: Int32Array };

function collapsedOf(map: OffsetMap): CollapsedText {
  let index = collapsedIndexes.get(map);
  if (index) return index;
  const at: number[] = [];
  const shift: number[] = [];
  let removed = 0;
  const text = map.text.replace(/\s+/gu, (run: string, offset: number) => {
    if (run.length > 1) {
      removed += run.length - 1;
      at.push(offset - (removed - (run.length - 1)));
      shift.push(removed);
    }
    return " ";
  });
  index = { text, at: Int32Array.from(at), shift: Int32Array.from(shift) };
  collapsedIndexes.set(map, index);
  return index;
}

/** Units removed by runs that start before collapsed index `i` (or at it, with `inclusive`). */
function removedBefore({ at, shift }: CollapsedText, i: number, inclusive: boolean): number {
  let lo = 0;
  let hi = at.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (at[mid] < i || (inclusive && at[mid] === i)) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? 0 : shift[lo - 1];
}

/** The span of the original text that collapsed units [from, to) stand for. */
const originalSpan = (c: CollapsedText, from: number, to: number) => ({
  start: from + removedBefore(c, from, false),
  end: to + removedBefore(c, to - 1, true),
});

/**
 * The search for a quote is bounded, so one import of quotes on a long repetitive text cannot stall
 * the server: at most MAX_OCCURRENCES places are listed, and the context (prefix and suffix) is
 * compared at most at MAX_COMPARED of them — the nearest to the incoming offset when there is one.
 * The report says when either limit was reached.
 */
export const MAX_OCCURRENCES = 100_000;
export const MAX_COMPARED = 1_000;

/** Steps taken by the search (occurrences listed + context characters compared), for tests. */
export const anchorWork = { steps: 0 };

type Occurrences = { found: number[] | Int32Array; more: boolean };

function occurrencesOf(haystack: string, needle: string): Occurrences {
  const found: number[] = [];
  if (!needle) return { found, more: false };
  for (let i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
    if (found.length === MAX_OCCURRENCES) return { found, more: true };
    anchorWork.steps++;
    found.push(i);
  }
  return { found, more: false };
}

/** How many turns of a loop of the suffix array's build run between two pause points. */
const STEP = 1 << 16;

/**
 * The suffix array of `s` (values 0..upper): the start of every suffix, in sorted order, a shorter
 * suffix before the longer ones it is a prefix of. SA-IS (Nong, Zhang and Chan 2009), linear time;
 * after the AtCoder Library's sa_is. In steps (run-in-slices.ts): it pauses every STEP turns of its
 * loops, so a request can build a 5 MB text's array (about 1.4 s) between other requests' work.
 */
function* suffixArraySteps(s: Int32Array, upper: number): Steps<Int32Array> {
  const n = s.length;
  if (n === 0) return new Int32Array(0);
  if (n === 1) return Int32Array.of(0);
  if (n < 10) {
    const naive = Array.from({ length: n }, (_, i) => i);
    naive.sort((a, b) => {
      if (a === b) return 0;
      for (; a < n && b < n; a++, b++) if (s[a] !== s[b]) return s[a] - s[b];
      return a === n ? -1 : 1;
    });
    return Int32Array.from(naive);
  }
  const sa = new Int32Array(n);
  const ls = new Uint8Array(n); // 1: S-type (the suffix is smaller than the next one)
  for (let i = n - 2; i >= 0; i--) {
    ls[i] = s[i] === s[i + 1] ? ls[i + 1] : s[i] < s[i + 1] ? 1 : 0;
    if (i % STEP === 0) yield;
  }
  const sumL = new Int32Array(upper + 2);
  const sumS = new Int32Array(upper + 2);
  for (let i = 0; i < n; i++) {
    if (!ls[i]) sumS[s[i]]++;
    else sumL[s[i] + 1]++;
  }
  for (let i = 0; i <= upper; i++) {
    sumS[i] += sumL[i];
    if (i < upper) sumL[i + 1] += sumS[i];
  }
  yield;
  const buf = new Int32Array(upper + 2);
  function* induce(lms: Int32Array): Steps<void> {
    sa.fill(-1);
    buf.set(sumS);
    for (let k = 0; k < lms.length; k++) {
      const d = lms[k];
      if (d !== n) sa[buf[s[d]]++] = d;
    }
    yield;
    buf.set(sumL);
    sa[buf[s[n - 1]]++] = n - 1;
    for (let i = 0; i < n; i++) {
      const v = sa[i];
      if (v >= 1 && !ls[v - 1]) sa[buf[s[v - 1]]++] = v - 1;
      if (i % STEP === 0) yield;
    }
    buf.set(sumL);
    for (let i = n - 1; i >= 0; i--) {
      const v = sa[i];
      if (v >= 1 && ls[v - 1]) sa[--buf[s[v - 1] + 1]] = v - 1;
      if (i % STEP === 0) yield;
    }
  }
  const lmsMap = new Int32Array(n + 1).fill(-1);
  let m = 0;
  for (let i = 1; i < n; i++) if (!ls[i - 1] && ls[i]) lmsMap[i] = m++;
  const lms = new Int32Array(m);
  for (let i = 1, k = 0; i < n; i++) if (!ls[i - 1] && ls[i]) lms[k++] = i;
  yield;
  yield* induce(lms);
  if (m) {
    const sortedLms = new Int32Array(m);
    for (let i = 0, k = 0; i < n; i++) if (lmsMap[sa[i]] !== -1) sortedLms[k++] = sa[i];
    yield;
    const recS = new Int32Array(m);
    let recUpper = 0;
    recS[lmsMap[sortedLms[0]]] = 0;
    for (let i = 1; i < m; i++) {
      let l = sortedLms[i - 1];
      let r = sortedLms[i];
      const endL = lmsMap[l] + 1 < m ? lms[lmsMap[l] + 1] : n;
      const endR = lmsMap[r] + 1 < m ? lms[lmsMap[r] + 1] : n;
      let same = true;
      if (endL - l !== endR - r) same = false;
      else {
        while (l < endL && s[l] === s[r]) {
          l++;
          r++;
        }
        if (l === n || s[l] !== s[r]) same = false;
      }
      if (!same) recUpper++;
      recS[lmsMap[sortedLms[i]]] = recUpper;
      if (i % STEP === 0) yield;
    }
    const recSa = yield* suffixArraySteps(recS, recUpper);
    for (let i = 0; i < m; i++) sortedLms[i] = lms[recSa[i]];
    yield* induce(sortedLms);
  }
  return sa;
}

/** The suffix array of a string's UTF-16 code units, in steps. */
function* suffixArrayOfSteps(text: string): Steps<Int32Array> {
  const seen = new Uint8Array(0x10000);
  for (let i = 0; i < text.length; i++) seen[text.charCodeAt(i)] = 1;
  const rank = new Int32Array(0x10000);
  let upper = -1;
  for (let c = 0; c < 0x10000; c++) if (seen[c]) rank[c] = ++upper;
  const s = new Int32Array(text.length);
  for (let i = 0; i < text.length; i++) s[i] = rank[text.charCodeAt(i)];
  yield;
  return yield* suffixArraySteps(s, Math.max(upper, 0));
}

/**
 * The suffixes of `sa` that start with `needle`: [from, to). Binary search; the comparison skips
 * the code units both bounds are known to share with the needle.
 */
function rangeOf(text: string, sa: Int32Array, needle: string): [number, number] {
  const n = text.length;
  const m = needle.length;
  // lcp of the needle with the suffix at `p`, from `k` on; `order` gets suffix − needle (0: it starts with the needle).
  let order = 0;
  const lcp = (p: number, k: number) => {
    for (; k < m; k++) {
      if (p + k >= n) {
        order = -1;
        return k;
      }
      const d = text.charCodeAt(p + k) - needle.charCodeAt(k);
      if (d !== 0) {
        order = d;
        return k;
      }
    }
    order = 0;
    return m;
  };
  const bound = (upper: boolean) => {
    let lo = 0;
    let hi = sa.length;
    let lcpLo = 0;
    let lcpHi = 0;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const k = lcp(sa[mid], Math.min(lcpLo, lcpHi));
      if (order < 0 || (upper && order === 0)) {
        lo = mid + 1;
        lcpLo = k;
      } else {
        hi = mid;
        lcpHi = k;
      }
    }
    return lo;
  };
  return [bound(false), bound(true)];
}

/**
 * After this many whole-text searches on one text (of distinct quotes) the text gets a suffix
 * array: each further search costs the quote's length times log(text), not the text's length.
 */
const INDEX_AFTER = 16;
/** What building a text's suffix array is charged to an import's search budget, per UTF-16 unit. */
const INDEX_WORK_PER_UNIT = 10;
/** Occurrences kept per text for quotes that recur (a file quoting one name thousands of times). */
const MAX_CACHED = 4_000_000;

/** One text to search quotes in: the occurrences of each quote searched for, and its index when searched often. */
class Haystack {
  private readonly seen = new Map<string, Occurrences>();
  private cached = 0;
  private searches = 0;
  private sa: Int32Array | undefined;

  /** Searched often enough for an index that is not built yet (the context builds it in slices). */
  wantsIndex = false;

  constructor(
    readonly text: string,
    private readonly spend: (work: number) => void,
    private readonly indexLater: boolean,
  ) {}

  private building: Promise<void> | undefined;

  /** Builds the index wanted in slices; one build, however many callers wait for it. */
  buildIndexInSlices(): Promise<void> {
    return (this.building ??= runInSlices(this.buildIndex()));
  }

  /** Builds the index wanted, in steps; charged like the searches it saves. */
  *buildIndex(): Steps<void> {
    if (this.sa) return;
    // About ten steps per unit (a 5 MB text: about 1.4 s of the thread and 120 MB at the peak), so one import builds few.
    this.spend(INDEX_WORK_PER_UNIT * this.text.length);
    this.sa = yield* suffixArrayOfSteps(this.text);
    this.wantsIndex = false;
  }

  /** Every UTF-16 index where `needle` starts, ascending (the first MAX_OCCURRENCES), as occurrencesOf lists them. */
  occurrences(needle: string): Occurrences {
    const known = this.seen.get(needle);
    if (known) return known;
    const result = this.search(needle);
    if (this.cached + result.found.length <= MAX_CACHED) {
      this.cached += result.found.length;
      this.seen.set(needle, result);
    }
    return result;
  }

  private search(needle: string): Occurrences {
    if (!needle) return { found: [], more: false };
    if (!this.indexed()) return occurrencesOf(this.text, needle);
    const [from, to] = rangeOf(this.text, this.sa!, needle);
    const starts = this.sa!.slice(from, to).sort();
    const found = starts.length > MAX_OCCURRENCES ? starts.slice(0, MAX_OCCURRENCES) : starts;
    anchorWork.steps += found.length;
    return { found, more: starts.length > MAX_OCCURRENCES };
  }

  /** Whether `needle` occurs at all (without listing where). */
  contains(needle: string): boolean {
    const known = this.seen.get(needle);
    if (known) return known.found.length > 0;
    if (!this.indexed()) return this.text.includes(needle);
    const [from, to] = rangeOf(this.text, this.sa!, needle);
    return to > from;
  }

  /** Counts a search; true when the text has (now) its suffix array. */
  private indexed(): boolean {
    if (this.sa) return true;
    if (++this.searches <= INDEX_AFTER) return false;
    // A context that builds in slices searches on without it until then.
    if (this.indexLater) {
      this.wantsIndex = true;
      return false;
    }
    runAtOnce(this.buildIndex());
    return true;
  }
}

/**
 * The work the quote searches of one import may do, in steps (occurrences listed, occurrences
 * whose context is compared, context characters compared). Past it, an annotation whose offsets do
 * not hold its quote is refused instead of searched for: one import cannot stall the server.
 */
export const MAX_SEARCH_WORK = 100_000_000;
export type SearchBudget = { spent: number; readonly limit: number };
export const searchBudget = (limit = MAX_SEARCH_WORK): SearchBudget => ({ spent: 0, limit });

/**
 * Anchoring many spans on one text: create one per text and pass it to anchor() instead of the
 * text. It keeps what the searches learnt (the occurrences of each quote, the text's index) and
 * charges their work to `budget`, which several texts of one import can share.
 */
export class AnchorContext {
  readonly map: OffsetMap;
  private sourceHaystack: Haystack | undefined;
  private collapsedHaystack: Haystack | undefined;

  /**
   * `indexInSlices`: the text's index, once searches want it, is built by buildWantedIndexes() (in
   * slices, between other requests' work) instead of at once inside the search that wants it.
   */
  constructor(
    text: string | OffsetMap,
    readonly budget: SearchBudget = { spent: 0, limit: Infinity },
    private readonly options: { indexInSlices?: boolean } = {},
  ) {
    this.map = typeof text === "string" ? new OffsetMap(text) : text;
  }

  /** Builds, in slices, the indexes the searches so far asked for (none: at once). */
  async buildWantedIndexes(): Promise<void> {
    for (const haystack of [this.sourceHaystack, this.collapsedHaystack]) {
      if (haystack?.wantsIndex) await haystack.buildIndexInSlices();
    }
  }

  readonly spend = (work: number) => {
    this.budget.spent += work;
  };

  get source(): Haystack {
    return (this.sourceHaystack ??= new Haystack(this.map.text, this.spend, !!this.options.indexInSlices));
  }

  get collapsed(): { haystack: Haystack; index: CollapsedText } {
    const index = collapsedOf(this.map);
    this.collapsedHaystack ??= new Haystack(index.text, this.spend, !!this.options.indexInSlices);
    return { haystack: this.collapsedHaystack, index };
  }
}

// Callers that pass a string or an OffsetMap share one context per map (without a budget).
const implicitContexts = new WeakMap<OffsetMap, AnchorContext>();

function contextOf(text: string | OffsetMap | AnchorContext): AnchorContext {
  if (text instanceof AnchorContext) return text;
  const map = mapOf(text);
  let context = implicitContexts.get(map);
  if (!context) {
    context = new AnchorContext(map);
    implicitContexts.set(map, context);
  }
  return context;
}

/** The occurrences whose context is compared: all, or the MAX_COMPARED nearest to `near` (a UTF-16 index). */
function toCompare(found: number[] | Int32Array, near: number | undefined): number[] | Int32Array {
  if (found.length <= MAX_COMPARED) return found;
  if (near === undefined) return found.slice(0, MAX_COMPARED);
  const lo = lowerBound(found.length, (i) => found[i] < near);
  const from = Math.max(0, Math.min(lo - MAX_COMPARED / 2, found.length - MAX_COMPARED));
  return found.slice(from, from + MAX_COMPARED);
}

const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** Code points of `context`'s end that equal the text just before UTF-16 index `at`. */
function matchingTail(haystack: string, at: number, context: string): number {
  let count = 0;
  let i = at - 1;
  let k = context.length - 1;
  for (; i >= 0 && k >= 0 && haystack.charCodeAt(i) === context.charCodeAt(k); i--, k--) {
    anchorWork.steps++;
    if (!isLowSurrogate(context.charCodeAt(k))) count++;
  }
  return count;
}

/** Code points of `context`'s start that equal the text from UTF-16 index `at` on. */
function matchingHead(haystack: string, at: number, context: string): number {
  let count = 0;
  let i = at;
  let k = 0;
  for (; i < haystack.length && k < context.length && haystack.charCodeAt(i) === context.charCodeAt(k); i++, k++) {
    anchorWork.steps++;
    if (!isLowSurrogate(context.charCodeAt(k))) count++;
  }
  return count;
}

// A combining mark, a variation selector, an emoji skin-tone modifier or a zero-width joiner
// continues the character before it: an occurrence followed by one cuts that character in two.
const CONTINUES_CHARACTER = /^(?:\p{M}|[\u{1F3FB}-\u{1F3FF}\u200D])/u;

function cutsCharacter(text: string, start: number, end: number): boolean {
  const next = text.charCodeAt(end);
  // Everything below U+0300 (Latin, spaces, punctuation) starts a new character: skip the regex.
  const markFollows = next >= 0x300 && CONTINUES_CHARACTER.test(text.slice(end, end + 2));
  return markFollows || (start > 0 && text.charCodeAt(start - 1) === 0x200d);
}

type Choice = { at: number; count: number; ambiguous: boolean; byContext: boolean; cuts: boolean; more: boolean; compared: number };

/**
 * The best of the occurrences (UTF-16 indices `found`): the most context matched, then one that
 * does not cut a character, then the nearest to `hint` (code points), then the earliest.
 * `ambiguous` when the first two criteria left more than one. One pass; code points are only
 * computed for the occurrences tied on context.
 */
function choose({ found: all, more }: Occurrences, near: number | undefined, contextAt: (at: number) => number, cutsAt: (at: number) => boolean, codePointAt: (at: number) => number, hint: number | undefined): Choice {
  const found = toCompare(all, near);
  let bestContext = -1;
  let bestCuts = true;
  let otherContext = -1; // the most context any occurrence outside the tied group matched
  let tied: number[] = [];
  for (const at of found) {
    const context = contextAt(at);
    const cuts = cutsAt(at);
    if (context > bestContext || (context === bestContext && bestCuts && !cuts)) {
      if (tied.length) otherContext = Math.max(otherContext, bestContext);
      bestContext = context;
      bestCuts = cuts;
      tied = [at];
    } else if (context === bestContext && cuts === bestCuts) {
      tied.push(at);
    } else {
      otherContext = Math.max(otherContext, context);
    }
  }
  let at = tied[0];
  if (hint !== undefined && tied.length > 1) {
    let nearest = Infinity;
    for (const candidate of tied) {
      const distance = Math.abs(codePointAt(candidate) - hint);
      if (distance < nearest) [nearest, at] = [distance, candidate];
    }
  }
  return {
    at,
    count: all.length,
    ambiguous: tied.length > 1,
    byContext: found.length > 1 && tied.length === 1 && bestContext > otherContext,
    cuts: bestCuts,
    more,
    compared: found.length,
  };
}

type Offsets = { start: number; end: number } | { problem: string; hint?: number } | null;

/** The incoming offsets as code points, or why they cannot be used; null when none were given. */
function offsetsOf(map: OffsetMap, incoming: IncomingSpan, unit: OffsetUnit): Offsets {
  const { start, end } = incoming;
  if (start === undefined && end === undefined) return null;
  if (start === undefined || end === undefined) return { problem: `only ${start === undefined ? "an end" : "a start"} offset was given` };
  if (!Number.isInteger(start) || !Number.isInteger(end)) return { problem: `the offsets ${start}–${end} are not whole numbers` };
  const length = unit === "utf16" ? map.utf16Length : map.codePointLength;
  const units = unit === "utf16" ? "UTF-16 code units" : "code points";
  const hint = Math.min(Math.max(start, 0), length);
  if (start < 0 || end > length) return { problem: `the span ${start}–${end} is outside the text (0–${length} ${units})`, hint };
  if (end <= start) return { problem: `the span ${start}–${end} is empty`, hint };
  if (unit === "codepoint") return { start, end };
  return { start: map.toCodePoint(start), end: map.toCodePoint(end, true) };
}

/**
 * Anchors an incoming span on canonical `text` (NFC, LF line ends). `unit` says how the incoming
 * offsets count; the result always counts code points. Pass an OffsetMap instead of the string to
 * share its index across calls explicitly, or an AnchorContext to anchor many spans on one text
 * with bounded work (an import).
 */
export function anchor(text: string | OffsetMap | AnchorContext, incoming: IncomingSpan, unit: OffsetUnit = "codepoint"): AnchorResult {
  const context = contextOf(text);
  const map = context.map;
  const offsets = offsetsOf(map, incoming, unit);
  const exact = incoming.exact ? incoming.exact : undefined;

  let offsetNote: string;
  let hint: number | undefined;
  if (offsets && "start" in offsets) {
    const actual = map.slice(offsets.start, offsets.end);
    if (exact === undefined || actual === exact) return { status: "accepted", start: offsets.start, end: offsets.end, exact: actual };
    offsetNote = `the text at ${offsets.start}–${offsets.end} is ${showQuote(actual)}, not the quote`;
    hint = offsets.start;
  } else if (offsets) {
    offsetNote = offsets.problem;
    hint = offsets.hint === undefined ? undefined : unit === "utf16" ? map.toCodePoint(offsets.hint) : offsets.hint;
  } else {
    offsetNote = "no offsets were given";
  }

  if (exact === undefined) {
    return { status: "refused", reason: offsets ? `${offsetNote}, and there is no quote to find the span by` : "the annotation has neither offsets nor a quote" };
  }

  const { budget } = context;
  if (budget.spent >= budget.limit) {
    return {
      status: "refused",
      reason: `${offsetNote}, and the quote was not searched for: this import already spent the time it may spend searching the text for quotes (on earlier annotations whose ${offsets ? "offsets did not hold their quote" : "position was not given"}). ${offsets ? "Correct the offsets (a tool that counts line ends as two characters shifts them), or split" : "Give positions, or split"} the file: the annotations refused for this reason can be imported in a file of their own`,
    };
  }
  const stepsBefore = anchorWork.steps;

  const prefix = canonicalForm(incoming.prefix ?? "");
  const suffix = canonicalForm(incoming.suffix ?? "");
  const source = map.text;
  const toCodePoint = (utf16: number) => map.toCodePoint(utf16);
  const hintUtf16 = hint === undefined ? undefined : map.toUtf16(Math.min(Math.max(hint, 0), map.codePointLength));

  let how = "";
  const inText = (quote: string): { start: number; end: number; choice: Choice } | null => {
    const occurrences = context.source.occurrences(quote);
    if (occurrences.found.length === 0) return null;
    const choice = choose(
      occurrences,
      hintUtf16,
      (at) => matchingTail(source, at, prefix) + matchingHead(source, at + quote.length, suffix),
      (at) => cutsCharacter(source, at, at + quote.length),
      toCodePoint,
      hint,
    );
    return { start: map.toCodePoint(choice.at), end: map.toCodePoint(choice.at + quote.length, true), choice };
  };
  let found = inText(exact);
  const canonicalQuote = canonicalForm(exact);
  if (!found && canonicalQuote !== exact) {
    found = inText(canonicalQuote);
    if (found) how = " after converting its line ends to LF and its characters to Unicode NFC";
  }
  if (!found) {
    const quote = collapseWhitespace(canonicalQuote);
    // Its words (runs without white space) are in the collapsed text exactly where they are in the
    // text: when one is not in the text, neither is the quote, and the collapsed text need not be searched.
    const words = quote.split(" ").filter(Boolean);
    const { haystack, index: collapsed } = context.collapsed;
    const occurrences = words.length && words.every((w) => context.source.contains(w)) ? haystack.occurrences(quote) : { found: [], more: false };
    if (occurrences.found.length > 0) {
      const collapsedPrefix = collapseWhitespace(prefix);
      const collapsedSuffix = collapseWhitespace(suffix);
      const original = (at: number) => originalSpan(collapsed, at, at + quote.length);
      const choice = choose(
        occurrences,
        hintUtf16 === undefined ? undefined : hintUtf16 - removedBefore(collapsed, hintUtf16, false),
        (at) => matchingTail(collapsed.text, at, collapsedPrefix) + matchingHead(collapsed.text, at + quote.length, collapsedSuffix),
        (at) => cutsCharacter(source, original(at).start, original(at).end),
        (at) => map.toCodePoint(original(at).start),
        hint,
      );
      const span = original(choice.at);
      found = { start: map.toCodePoint(span.start), end: map.toCodePoint(span.end, true), choice };
      how = " with white space, line ends and Unicode form normalised";
    }
  }

  // Occurrences listed and context characters compared (anchorWork), occurrences compared.
  context.spend(anchorWork.steps - stepsBefore + (found ? found.choice.compared : 0));

  if (!found) {
    return { status: "refused", reason: `the quote ${showQuote(exact)} is not in the text${offsets ? ` (${offsetNote})` : ""}` };
  }

  const { start, end, choice } = found;
  const where = `${start}–${end}`;
  let reason = offsets ? `${offsetNote}; found the quote at ${where}${how}` : `positioned by its quote at ${where}${how} (no offsets were given)`;
  if (choice.more || choice.compared < choice.count) {
    const many = choice.more ? `more than ${MAX_OCCURRENCES.toLocaleString("en")}` : choice.count.toLocaleString("en");
    const which = hint === undefined ? "the first" : `the ${choice.compared.toLocaleString("en")} nearest to offset ${hint}`;
    reason += `; the quote occurs ${many} times: compared the context of ${which} only, check it`;
  } else if (choice.count > 1) {
    if (choice.ambiguous) {
      const taken = hint === undefined ? "took the first" : `took the one nearest offset ${hint}`;
      reason += `; the quote occurs ${choice.count} times and its context does not tell them apart: ${taken}, check it`;
    } else if (choice.byContext) {
      reason += `; the quote occurs ${choice.count} times, chosen by its prefix and suffix`;
    } else {
      reason += `; the quote occurs ${choice.count} times, the others cut a character in two`;
    }
  }
  if (choice.cuts) reason += "; the match cuts a character (a combining mark or joiner follows it)";
  return { status: "reanchored", start, end, exact: map.slice(start, end), reason };
}
