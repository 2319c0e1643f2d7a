import { expect, test } from "vitest";
import { checkSpan, OffsetMap, quoteOf } from "@/lib/anchoring/offsets";

// Python's text[start:end] over code points is the reference for every offset here.
const cpSlice = (text: string, start: number, end: number) => [...text].slice(start, end).join("");

const SAMPLES = {
  ascii: "Kim Jong Un met Putin in Vladivostok.",
  emoji: "Summit 🤝 in 2019 👩🏽‍🔬 and 😀😀 end",
  cjk: "金正恩与普京在符拉迪沃斯托克会晤。𠀋 is astral CJK",
  combining: "Cafe\u0301 vs Café, 한국 vs \u1112\u1161\u11ab",
  rtl: "بوتين وكيم جونغ أون — פוטין וקים",
  paragraphs: "First paragraph 🙂.\n\nSecond paragraph\nwith a line 𝔘𝔫𝔦𝔠𝔬𝔡𝔢.\n",
};

test.each(Object.entries(SAMPLES))("code points ↔ UTF-16 round-trip on every offset (%s)", (_name, text) => {
  const map = new OffsetMap(text);
  const cps = [...text];
  expect(map.codePointLength).toBe(cps.length);
  let utf16 = 0;
  for (let cp = 0; cp <= cps.length; cp++) {
    expect(map.toUtf16(cp)).toBe(utf16);
    expect(map.toCodePoint(utf16)).toBe(cp);
    utf16 += cps[cp]?.length ?? 0;
  }
});

test.each(Object.entries(SAMPLES))("slices equal code-point slicing for every span (%s)", (_name, text) => {
  const map = new OffsetMap(text);
  const n = map.codePointLength;
  for (let start = 0; start < n; start += 3) {
    for (let end = start + 1; end <= n; end += 5) {
      expect(map.slice(start, end)).toBe(cpSlice(text, start, end));
    }
  }
});

test("an index inside a surrogate pair rounds to the character's start, or its end for span ends", () => {
  const text = "a😀b";
  const map = new OffsetMap(text);
  expect(map.toCodePoint(2)).toBe(1);
  expect(map.toCodePoint(2, true)).toBe(2);
  expect(map.toCodePoint(3)).toBe(2);
});

test("a lone surrogate counts as one code point, as in Array.from", () => {
  const text = "x\uD83Dy\uDE00z";
  const map = new OffsetMap(text);
  expect(map.codePointLength).toBe([...text].length);
  expect(map.slice(1, 2)).toBe("\uD83D");
});

test("offsets outside the text are refused", () => {
  const map = new OffsetMap("ab😀");
  expect(() => map.toUtf16(4)).toThrow(RangeError);
  expect(() => map.toUtf16(-1)).toThrow(RangeError);
  expect(() => map.toCodePoint(5)).toThrow(RangeError);
});

test("quotes carry up to 32 code points of context, never splitting an emoji", () => {
  const text = "😀".repeat(40) + "Putin" + "🤝".repeat(40);
  const map = new OffsetMap(text);
  const q = quoteOf(map, { start: 40, end: 45 });
  expect(q).toEqual({ exact: "Putin", prefix: "😀".repeat(32), suffix: "🤝".repeat(32) });
  expect(quoteOf(map, { start: 0, end: 1 }).prefix).toBe("");
});

test("a quote crossing paragraphs keeps the line breaks", () => {
  const map = new OffsetMap(SAMPLES.paragraphs);
  const start = [...SAMPLES.paragraphs].indexOf("🙂");
  expect(quoteOf(map, { start, end: start + 10 }).exact).toBe("🙂.\n\nSecond");
});

test("checkSpan accepts the true quote and explains every refusal", () => {
  const map = new OffsetMap(SAMPLES.emoji);
  const start = [...SAMPLES.emoji].indexOf("🤝");
  expect(checkSpan(map, { start, end: start + 1, exact: "🤝" })).toBeNull();
  expect(checkSpan(map, { start, end: start + 1, exact: "x" })).toMatchObject({ kind: "mismatch", actual: "🤝" });
  // A client that counted UTF-16 units lands one code point late after the emoji.
  const utf16Start = SAMPLES.emoji.indexOf("in 2019");
  expect(checkSpan(map, { start: utf16Start, end: utf16Start + 7, exact: "in 2019" })?.kind).toBe("mismatch");
  expect(checkSpan(map, { start: 5, end: 5, exact: "" })).toMatchObject({ kind: "invalid", message: expect.stringMatching(/empty/) });
  expect(checkSpan(map, { start: 0, end: 999, exact: "" })).toMatchObject({ kind: "invalid", message: expect.stringMatching(/outside the text/) });
  expect(checkSpan(map, { start: 0.5, end: 2, exact: "" })).toMatchObject({ kind: "invalid" });
});
