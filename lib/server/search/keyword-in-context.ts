// Where a search's words are in a text, as code-point offsets, and keyword-in-context lines.
//
// PostgreSQL decides what matches (the index, stemming, stop words); this module only finds the
// places. A text is cut into words at whitespace, each stripped of surrounding punctuation
// ("(Putin)," → "Putin"); a word with inner punctuation also has parts ("DPRK–Russia" → "DPRK",
// "Russia"; "Kim’s" → "Kim", "s"). The caller asks PostgreSQL which of these distinct strings,
// analysed exactly as the index analyses text, contain a lexeme of the query (`WordMatches`).
// A matching word is marked by its matching parts, or whole when no part matches on its own
// ("U.S.", "3.5", "x.com/a"). Words are cut no finer than PostgreSQL's parser cuts them, so every
// word it matched in the text is found.
import { OffsetMap } from "@/lib/anchoring/offsets";
import type { Excerpt, KwicLine, Mark } from "@/lib/schemas/search";
import type { Phrase, QueryShape } from "@/lib/server/search/query-lexemes";

/** Distinct words (and parts of words) → the query's lexemes each contains. */
export type WordMatches = Map<string, string[]>;

/** One place a search matched, in UTF-16 units of the text, with the query lexemes found there. */
export type Match = { start: number; end: number; lexemes: Set<string> };

export const KWIC_CONTEXT = 60;

const SURROUNDING_PUNCTUATION = /^\p{P}+|\p{P}+$/gu;
const PART = /[^\p{P}\p{Sm}\p{Sc}]+/gu;
// Matches separated by no more than this join into one mark: "Kim Jong Un", "DPRK–Russia".
const JOINING_GAP = /^[\p{Zs}\t\p{Pd}]{1,3}$/u;

type Word = { start: number; end: number; text: string };

function* words(text: string): Generator<Word> {
  for (const m of text.matchAll(/\S+/g)) {
    const raw = m[0];
    let lead = 0;
    let trail = raw.length;
    for (const p of raw.matchAll(SURROUNDING_PUNCTUATION)) {
      if (p.index === 0) lead = p[0].length;
      else trail = p.index;
    }
    if (trail > lead) yield { start: m.index + lead, end: m.index + trail, text: raw.slice(lead, trail) };
  }
}

function parts(word: Word): Word[] {
  return [...word.text.matchAll(PART)].map((p) => ({ start: word.start + p.index, end: word.start + p.index + p[0].length, text: p[0] }));
}

/** Adds the words of `text` that PostgreSQL has to judge to `into`. */
export function collectWords(text: string, into: Set<string>): Set<string> {
  for (const word of words(text)) {
    into.add(word.text);
    const pieces = parts(word);
    if (pieces.length > 1) for (const piece of pieces) into.add(piece.text);
  }
  return into;
}

type Hit = { start: number; end: number; position: number; lexemes: string[] };

/**
 * The words of `text` that contain a query lexeme, each with its position (its count of words
 * and word parts before it, roughly PostgreSQL's position numbering).
 */
function hits(text: string, matches: WordMatches): Hit[] {
  const found: Hit[] = [];
  let position = 0;
  for (const word of words(text)) {
    const pieces = parts(word);
    const units = pieces.length > 1 ? pieces : [word];
    const lexemes = matches.get(word.text);
    if (lexemes) {
      const unitLexemes = units.length > 1 ? units.map((u) => matches.get(u.text) ?? []) : [lexemes];
      if (unitLexemes.every((l) => l.length === 0)) {
        found.push({ start: word.start, end: word.end, position, lexemes });
      } else {
        // What only the whole word yields ("dprk-russia" of DPRK-Russia) goes with its first part.
        const ofParts = new Set(unitLexemes.flat());
        const wholeOnly = lexemes.filter((l) => !ofParts.has(l));
        units.forEach((unit, i) => {
          const own = i === 0 ? [...unitLexemes[i], ...wholeOnly] : unitLexemes[i];
          if (own.length) found.push({ start: unit.start, end: unit.end, position: position + i, lexemes: own });
        });
      }
    }
    position += units.length;
  }
  return found;
}

/**
 * Where a phrase occurs: its words in order at the distances the query asks for, give or take
 * one position (this module cuts words a little differently from PostgreSQL's parser).
 */
function phraseSpans(found: Hit[], phrase: Phrase): Match[] {
  const byPosition = new Map<number, Hit[]>();
  for (const hit of found) byPosition.set(hit.position, [...(byPosition.get(hit.position) ?? []), hit]);
  const near = (position: number, lexeme: string): Hit | undefined => {
    for (const p of [position, position - 1, position + 1]) {
      const hit = byPosition.get(p)?.find((h) => h.lexemes.includes(lexeme));
      if (hit) return hit;
    }
    return undefined;
  };
  const spans: Match[] = [];
  for (const first of found) {
    if (!first.lexemes.includes(phrase.lexemes[0])) continue;
    let last: Hit | undefined = first;
    for (let k = 1; k < phrase.lexemes.length && last; k++) {
      const next = near(last.position + phrase.gaps[k - 1], phrase.lexemes[k]);
      last = next && next.start >= last.start ? next : undefined;
    }
    if (last) spans.push({ start: first.start, end: Math.max(first.end, last.end), lexemes: new Set(phrase.lexemes) });
  }
  return spans;
}

/**
 * The places in `text` where the search matched, in text order, neighbours joined. A lexeme of a
 * quoted phrase counts only where the phrase occurs; without a `query`, every lexeme counts.
 */
export function findMatches(text: string, matches: WordMatches, query?: Pick<QueryShape, "singles" | "phrases">): Match[] {
  if (matches.size === 0) return [];
  const found = hits(text, matches);
  const places: Match[] = [];
  for (const hit of found) {
    const shown = query ? hit.lexemes.filter((l) => query.singles.has(l)) : hit.lexemes;
    if (shown.length) places.push({ start: hit.start, end: hit.end, lexemes: new Set(shown) });
  }
  for (const phrase of query?.phrases ?? []) places.push(...phraseSpans(found, phrase));
  places.sort((a, b) => a.start - b.start || b.end - a.end);
  const joined: Match[] = [];
  for (const place of places) {
    const last = joined[joined.length - 1];
    if (last && (place.start < last.end || JOINING_GAP.test(text.slice(last.end, place.start)))) {
      last.end = Math.max(last.end, place.end);
      for (const l of place.lexemes) last.lexemes.add(l);
    } else {
      joined.push({ start: place.start, end: place.end, lexemes: new Set(place.lexemes) });
    }
  }
  return joined;
}

/** Indices of the `count` matches to show: those with the most query words first, in text order. */
function chooseMatches(matches: Match[], count: number): number[] {
  return matches
    .map((m, i) => ({ i, words: m.lexemes.size }))
    .sort((a, b) => b.words - a.words || a.i - b.i)
    .slice(0, count)
    .map((c) => c.i)
    .sort((a, b) => a - b);
}

// A context edge should not fall inside a word, a combining sequence or an emoji.
const WORD_EDGE_SLACK = 20;
const CLINGING = /^[\p{M}\u200c\u200d\p{Emoji_Modifier}]/u;

function lineAround(map: OffsetMap, matches: Match[], index: number, context: number): KwicLine {
  const match = matches[index];
  const start = map.toCodePoint(match.start);
  const end = map.toCodePoint(match.end);
  let contextStart = Math.max(0, start - context);
  let contextEnd = Math.min(map.codePointLength, end + context);
  let before = map.slice(contextStart, start);
  let after = map.slice(end, contextEnd);
  if (contextStart > 0 && !/^\s/.test(before) && !/\s$/.test(map.slice(contextStart - 1, contextStart))) {
    const space = before.search(/\s/);
    if (space >= 0 && space < WORD_EDGE_SLACK) {
      contextStart += [...before.slice(0, space + 1)].length;
      before = before.slice(space + 1);
    }
  }
  while (before && CLINGING.test(before)) {
    const first = String.fromCodePoint(before.codePointAt(0)!);
    before = before.slice(first.length);
    contextStart++;
  }
  if (contextEnd < map.codePointLength && !/\s$/.test(after) && !/^\s/.test(map.slice(contextEnd, contextEnd + 1))) {
    const space = after.search(/\s\S*$/);
    if (space >= 0 && after.length - space <= WORD_EDGE_SLACK) {
      contextEnd -= [...after.slice(space)].length;
      after = after.slice(0, space);
    }
  }
  const from = map.toUtf16(contextStart);
  const to = map.toUtf16(contextEnd);
  const marks: Mark[] = [];
  let first = index;
  while (first > 0 && matches[first - 1].end > from) first--;
  for (let j = first; j < matches.length && matches[j].start < to; j++) {
    marks.push({ start: map.toCodePoint(Math.max(matches[j].start, from)), end: map.toCodePoint(Math.min(matches[j].end, to), true) });
  }
  return { start, end, before, match: map.slice(start, end), after, contextStart, contextEnd, marks };
}

/** Up to `count` keyword-in-context lines of a text, in text order. */
export function kwicLines(map: OffsetMap, matches: Match[], count: number, context = KWIC_CONTEXT): KwicLine[] {
  return chooseMatches(matches, count).map((i) => lineAround(map, matches, i, context));
}

/** The matches as code-point ranges of the whole text. */
export function marksIn(text: string, matches: Match[]): Mark[] {
  const map = new OffsetMap(text);
  return matches.map((m) => ({ start: map.toCodePoint(m.start), end: map.toCodePoint(m.end, true) }));
}

/** A short text whole with its matches marked, or, when long, the part around its best match. */
export function excerpt(text: string, matches: Match[], context = KWIC_CONTEXT): Excerpt {
  const map = new OffsetMap(text);
  if (map.codePointLength <= 2 * context + 40) {
    return { text, marks: marksIn(text, matches), truncatedBefore: false, truncatedAfter: false };
  }
  if (matches.length === 0) {
    return { text: map.slice(0, 2 * context), marks: [], truncatedBefore: false, truncatedAfter: true };
  }
  const line = lineAround(map, matches, chooseMatches(matches, 1)[0], context);
  return {
    text: line.before + line.match + line.after,
    marks: line.marks.map((m) => ({ start: m.start - line.contextStart, end: m.end - line.contextStart })),
    truncatedBefore: line.contextStart > 0,
    truncatedAfter: line.contextEnd < map.codePointLength,
  };
}
