import { expect, test } from "vitest";
import { OffsetMap } from "@/lib/anchoring/offsets";
import { collectWords, excerpt, findMatches, kwicLines, type WordMatches } from "@/lib/server/search/keyword-in-context";

const cps = (s: string) => [...s];
const at = (text: string, start: number, end: number) => cps(text).slice(start, end).join("");

test("words are cut at whitespace, stripped of punctuation, and split into parts at inner punctuation", () => {
  const words = collectWords("“Treaty” (DPRK–Russia), Kim’s U.S. 3.5% 金正恩 🇰🇵", new Set());
  expect([...words]).toEqual(["Treaty", "DPRK–Russia", "DPRK", "Russia", "Kim’s", "Kim", "s", "U.S", "U", "S", "3.5", "3", "5", "金正恩", "🇰🇵"]);
});

test("a matching word is marked by its matching parts, or whole; neighbours join into one mark", () => {
  const text = "The DPRK–Russia treaty, U.S. aid; Kim Jong Un.";
  const matches: WordMatches = new Map([
    ["DPRK–Russia", ["russia"]], ["Russia", ["russia"]], ["treaty", ["treati"]], ["U.S", ["u.s"]],
    ["Kim", ["kim"]], ["Jong", ["jong"]], ["Un", ["un"]],
  ]);
  const found = findMatches(text, matches).map((m) => [text.slice(m.start, m.end), [...m.lexemes]]);
  expect(found).toEqual([["Russia treaty", ["russia", "treati"]], ["U.S", ["u.s"]], ["Kim Jong Un", ["kim", "jong", "un"]]]);
});

test("keyword-in-context lines give code-point offsets, even after emoji and CJK, and end at word edges", () => {
  const filler = "word ".repeat(20);
  const text = `🇰🇵👍🏽 金正恩 ${filler}the treaty was signed; ${filler}treaties 😀 end`;
  const map = new OffsetMap(text);
  const matches = findMatches(text, new Map([["treaty", ["treati"]], ["treaties", ["treati"]]]));
  const lines = kwicLines(map, matches, 3);
  expect(lines.map((l) => l.match)).toEqual(["treaty", "treaties"]);
  for (const line of lines) {
    expect(at(text, line.start, line.end)).toBe(line.match);
    expect(at(text, line.contextStart, line.start)).toBe(line.before);
    expect(at(text, line.end, line.contextEnd)).toBe(line.after);
    expect(cps(line.before).length).toBeLessThanOrEqual(60);
    expect(cps(line.after).length).toBeLessThanOrEqual(60);
    // Cut at a space, not inside a word.
    expect(`${text[map.toUtf16(line.contextStart) - 1] ?? " "}${line.before}`).toMatch(/^\s|^\S\s/);
    expect(`${line.after}${text[map.toUtf16(line.contextEnd)] ?? " "}`).toMatch(/\s$|\s\S$/);
    expect(line.marks).toContainEqual({ start: line.start, end: line.end });
  }
  expect(lines[1].after).toBe(" 😀 end");
});

test("the lines shown prefer places with more of the query's words, then keep text order", () => {
  const text = "alpha. beta. alpha beta. alpha.";
  const matches = findMatches(text, new Map([["alpha", ["alpha"]], ["beta", ["beta"]]]));
  const lines = kwicLines(new OffsetMap(text), matches, 2);
  expect(lines.map((l) => l.match)).toEqual(["alpha", "alpha beta"]);
});

test("an excerpt of a short text keeps it whole; of a long one, the part around the match", () => {
  const short = excerpt("Summit, 👍 first meeting", findMatches("Summit, 👍 first meeting", new Map([["meeting", ["meet"]]])));
  expect(short).toEqual({ text: "Summit, 👍 first meeting", marks: [{ start: 16, end: 23 }], truncatedBefore: false, truncatedAfter: false });
  const long = `${"x ".repeat(200)}the summit ${"y ".repeat(200)}`;
  const cut = excerpt(long, findMatches(long, new Map([["summit", ["summit"]]])));
  expect(cut.truncatedBefore && cut.truncatedAfter).toBe(true);
  expect(at(cut.text, cut.marks[0].start, cut.marks[0].end)).toBe("summit");
});

test("a quoted phrase is marked only where it occurs, stop words between its words included", () => {
  const text = "Kim Jong Il met the UN. Kim Jong Un signed the treaty of friendship; friendship grew, the treaty held.";
  const words: WordMatches = new Map([
    ["Kim", ["kim"]], ["Jong", ["jong"]], ["Un", ["un"]], ["UN", ["un"]], ["treaty", ["treati"]], ["friendship", ["friendship"]],
  ]);
  const phrase = { singles: new Set<string>(), phrases: [{ lexemes: ["kim", "jong", "un"], gaps: [1, 1] }, { lexemes: ["treati", "friendship"], gaps: [2] }] };
  expect(findMatches(text, words, phrase).map((m) => text.slice(m.start, m.end))).toEqual(["Kim Jong Un", "treaty of friendship"]);
  // Without quotes the words are shown wherever they are.
  const all = { singles: new Set(["kim", "jong", "un"]), phrases: [] };
  expect(findMatches(text, words, all).map((m) => text.slice(m.start, m.end))).toEqual(["Kim Jong", "UN", "Kim Jong Un"]);
  // A hyphenated compound: PostgreSQL reads "dprk-russia", "dprk", "russia" at consecutive positions.
  const compound = "The DPRK-Russia summit; Russia alone.";
  const compoundWords: WordMatches = new Map([["DPRK-Russia", ["dprk-russia", "dprk", "russia"]], ["DPRK", ["dprk"]], ["Russia", ["russia"]]]);
  const query = { singles: new Set<string>(), phrases: [{ lexemes: ["dprk-russia", "dprk", "russia"], gaps: [1, 1] }] };
  expect(findMatches(compound, compoundWords, query).map((m) => compound.slice(m.start, m.end))).toEqual(["DPRK-Russia"]);
});
