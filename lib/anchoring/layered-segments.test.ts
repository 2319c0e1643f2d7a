import { expect, test } from "vitest";
import { layeredSegments, nudgeSpan, selectedSpan } from "@/lib/anchoring/layered-segments";
import { OffsetMap } from "@/lib/anchoring/offsets";

const TEXT = "🇰🇵 Kim Jong Un 👍🏽 visited Russia.";
const map = new OffsetMap(TEXT);
const cp = (needle: string) => {
  const start = [...TEXT.slice(0, TEXT.indexOf(needle))].length;
  return { start, end: start + [...needle].length };
};

test("nested spans cut the text into pieces that know their covering spans, widest first", () => {
  const visit = { id: "visit", ...cp("Kim Jong Un 👍🏽 visited") };
  const kim = { id: "kim", ...cp("Kim Jong Un") };
  const pieces = layeredSegments(map, 0, map.codePointLength, [kim, visit]);
  expect(pieces.map((p) => [p.text, p.ids])).toEqual([
    ["🇰🇵 ", []],
    ["Kim Jong Un", ["visit", "kim"]],
    [" 👍🏽 visited", ["visit"]],
    [" Russia.", []],
  ]);
  expect(pieces.map((p) => p.text).join("")).toBe(TEXT);
});

test("a selection's UTF-16 offsets within a piece become a trimmed code-point span of the whole text", () => {
  const from = cp("Kim").start;
  const piece = map.slice(from, map.codePointLength);
  // Selecting " Jong Un 👍🏽 " (with white space around) inside the piece.
  const at = piece.indexOf(" Jong");
  const span = selectedSpan(map, from, at, piece.indexOf("visited"));
  expect(span).toEqual({ ...cp("Jong Un 👍🏽"), exact: "Jong Un 👍🏽" });
  // A selection ending inside a surrogate pair takes the whole character; backwards works too.
  const thumb = piece.indexOf("👍");
  expect(selectedSpan(map, from, thumb + 1, piece.indexOf("Jong"))?.exact).toBe("Jong Un 👍");
  expect(selectedSpan(map, from, 0, 0)).toBeNull();
  expect(selectedSpan(map, from, piece.indexOf(" 👍"), piece.indexOf(" 👍") + 1)).toBeNull();
});

test("a span's edges move word by word from the keyboard, in code points past emoji; not past the other edge", () => {
  const kim = cp("Kim");
  expect(nudgeSpan(map, 0, map.codePointLength, kim, "end", 1)).toEqual({ ...cp("Kim Jong"), exact: "Kim Jong" });
  const visited = cp("visited");
  expect(nudgeSpan(map, 0, map.codePointLength, visited, "start", -1)).toEqual({ ...cp("Un 👍🏽 visited"), exact: "Un 👍🏽 visited" });
  expect(nudgeSpan(map, 0, map.codePointLength, cp("Jong Un"), "start", 1)).toEqual({ ...cp("Un"), exact: "Un" });
  expect(nudgeSpan(map, 0, map.codePointLength, cp("Un"), "start", 1)).toBeNull();
  expect(nudgeSpan(map, 0, map.codePointLength, cp("Un"), "end", -1)).toBeNull();
  expect(nudgeSpan(map, 0, map.codePointLength, cp("Russia"), "end", 1)).toBeNull();
});

// The original algorithm, kept as the specification: every cut point filters every span.
function reference(map: OffsetMap, from: number, to: number, spans: { id: string; start: number; end: number }[]) {
  const cuts = new Set([from, to]);
  for (const s of spans) for (const x of [s.start, s.end]) if (x > from && x < to) cuts.add(x);
  const points = [...cuts].sort((a, b) => a - b);
  const widestFirst = [...spans].sort((a, b) => b.end - b.start - (a.end - a.start));
  return points.slice(0, -1).map((start, i) => {
    const end = points[i + 1];
    return { start, end, text: map.slice(start, end), ids: widestFirst.filter((s) => s.start <= start && s.end >= end).map((s) => s.id) };
  });
}

test("the sweep gives exactly the pieces and widest-first ids of the simple algorithm on random spans", () => {
  // A small seeded generator, so a failure can be replayed.
  let seed = 12345;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const alphabet = ["a", "b", " ", "👍🏽", "🇰🇵", "é", "漢"];
  for (let round = 0; round < 400; round++) {
    const text = Array.from({ length: 1 + rand(30) }, () => alphabet[rand(alphabet.length)]).join("");
    const m = new OffsetMap(text);
    const n = m.codePointLength;
    const from = rand(n + 1);
    const to = from + rand(n - from + 1);
    const spans: { id: string; start: number; end: number }[] = [];
    for (let k = rand(12); k > 0; k--) {
      const kind = rand(5);
      const start = rand(n + 1);
      if (kind === 0) spans.push({ id: `z${spans.length}`, start, end: start }); // zero length
      else if (kind === 1 && spans.length) spans.push({ ...spans[rand(spans.length)], id: `d${spans.length}` }); // identical
      else if (kind === 2 && spans.length) spans.push(spans[rand(spans.length)]); // the same span twice
      else if (kind === 3 && spans.length) {
        const outer = spans[rand(spans.length)]; // nested in another
        const a = outer.start + rand(Math.max(1, outer.end - outer.start + 1));
        spans.push({ id: `n${spans.length}`, start: a, end: a + rand(Math.max(1, outer.end - a + 1)) });
      } else spans.push({ id: `s${spans.length}`, start, end: start + rand(n - start + 1) });
    }
    expect(layeredSegments(m, from, to, spans), JSON.stringify({ text, from, to, spans })).toEqual(reference(m, from, to, spans));
  }
});

test("one long span chaining 20,000 others over a long text cuts it in well under a second", () => {
  const L = 1_000_000;
  const text = "Kim visited 👍🏽 Russia. ".repeat(Math.ceil(L / 24));
  const m = new OffsetMap(text);
  const n = m.codePointLength;
  const spans = [{ id: "all", start: 0, end: n }];
  // Short spans every 45 code points, each overlapping the next by a little: one cluster.
  for (let k = 0; k < 19_999; k++) spans.push({ id: `s${k}`, start: k * 45, end: k * 45 + 50 });
  const started = performance.now();
  const pieces = layeredSegments(m, 0, n, spans);
  const elapsed = performance.now() - started;
  // Cuts at 0, every 45 and every 45 + 50 (all distinct), and n.
  expect(pieces).toHaveLength(2 * 19_999);
  expect(pieces.map((p) => p.text).join("")).toBe(text);
  // Piece [45 * 100 + 5, 45 * 101) lies in s100 only, [45 * 101, 45 * 100 + 50) in s100 and s101.
  expect(pieces.find((p) => p.start === 4505)).toMatchObject({ end: 4545, ids: ["all", "s100"] });
  expect(pieces.find((p) => p.start === 4545)).toMatchObject({ end: 4550, ids: ["all", "s100", "s101"] });
  expect(pieces.at(-1)).toMatchObject({ start: 19_998 * 45 + 50, end: n, ids: ["all"] });
  // Before, every span scanned per piece: 2.4 s on a quiet machine.
  expect(elapsed).toBeLessThan(1_000);
}, 30_000);
