import { expect, test } from "vitest";
import { OffsetMap, quoteOf } from "@/lib/anchoring/offsets";
import { anchor, anchorWork, MAX_COMPARED, MAX_OCCURRENCES } from "@/lib/anchoring/reanchor";

// Python's text[start:end] over code points is the reference for every offset here.
const cpIndexOf = (text: string, needle: string, from = 0) => [...text.slice(0, text.indexOf(needle, from))].length;
const cpSlice = (text: string, start: number, end: number) => [...text].slice(start, end).join("");

const EMOJI = "Summit 🤝 in 2019: 👩🏽‍🔬 met 😀😀 Putin, then Putin left.";
const CJK = "金正恩与普京在符拉迪沃斯托克会晤。𠀋 普京说：会晤很好。";

test("offsets that hold the quote are accepted as they are", () => {
  const start = cpIndexOf(EMOJI, "Putin");
  expect(anchor(EMOJI, { start, end: start + 5, exact: "Putin" })).toEqual({ status: "accepted", start, end: start + 5, exact: "Putin" });
});

test("offsets without a quote are accepted and the quote is filled from the text", () => {
  const start = cpIndexOf(CJK, "普京");
  expect(anchor(CJK, { start, end: start + 2 })).toEqual({ status: "accepted", start, end: start + 2, exact: "普京" });
  expect(anchor(CJK, { start: 17, end: 18 })).toMatchObject({ status: "accepted", exact: "𠀋" });
});

test("UTF-16 offsets are converted to code points when the unit says so", () => {
  const utf16 = EMOJI.indexOf("Putin");
  const cp = cpIndexOf(EMOJI, "Putin");
  expect(utf16).not.toBe(cp);
  expect(anchor(EMOJI, { start: utf16, end: utf16 + 5, exact: "Putin" }, "utf16")).toEqual({ status: "accepted", start: cp, end: cp + 5, exact: "Putin" });
  // An emoji given by UTF-16 offsets comes back as one code point.
  const hand = EMOJI.indexOf("🤝");
  expect(anchor(EMOJI, { start: hand, end: hand + 2 }, "utf16")).toMatchObject({ status: "accepted", end: cpIndexOf(EMOJI, "🤝") + 1, exact: "🤝" });
});

test("UTF-16 offsets sent as code points (a common exporter bug) are re-anchored onto the nearest quote", () => {
  const utf16 = EMOJI.indexOf("Putin");
  const result = anchor(EMOJI, { start: utf16, end: utf16 + 5, exact: "Putin" });
  const cp = cpIndexOf(EMOJI, "Putin");
  expect(result).toMatchObject({ status: "reanchored", start: cp, end: cp + 5, exact: "Putin" });
  if (result.status !== "reanchored") throw new Error("unreachable");
  expect(result.reason).toContain(`not the quote; found the quote at ${cp}–${cp + 5}`);
  // Two occurrences and no context: the nearest wins, and the report says it was a guess.
  expect(result.reason).toMatch(/occurs 2 times and its context does not tell them apart: took the one nearest offset/);
});

test("among repeated quotes the prefix and suffix pick the occurrence, even far from the given offset", () => {
  const second = cpIndexOf(EMOJI, "Putin", EMOJI.indexOf("Putin") + 1);
  const result = anchor(EMOJI, { start: 0, end: 5, exact: "Putin", prefix: "a different beginning, then ", suffix: " left. And more" });
  expect(result).toMatchObject({ status: "reanchored", start: second, end: second + 5 });
  if (result.status === "reanchored") expect(result.reason).toMatch(/occurs 2 times, chosen by its prefix and suffix/);
  // Only the suffix's head counts: the first occurrence is followed by ", then".
  expect(anchor(EMOJI, { exact: "Putin", suffix: ", th" })).toMatchObject({ start: cpIndexOf(EMOJI, "Putin") });
  // Context with emoji is compared character by character too.
  expect(anchor(EMOJI, { exact: "Putin", prefix: "😀 " })).toMatchObject({ start: cpIndexOf(EMOJI, "Putin") });
});

test("a repeated quote with nothing to tell the occurrences apart takes the first, or the nearest, and says so", () => {
  const text = "la la la la";
  const first = anchor(text, { exact: "la" });
  expect(first).toMatchObject({ status: "reanchored", start: 0, end: 2 });
  if (first.status === "reanchored") expect(first.reason).toMatch(/^positioned by its quote at 0–2 \(no offsets were given\); the quote occurs 4 times .* took the first, check it$/);
  expect(anchor(text, { start: 7, end: 8, exact: "la" })).toMatchObject({ status: "reanchored", start: 6, end: 8 });
  // Equally near on both sides: the earlier one.
  expect(anchor("ab-xx-ab", { start: 3, end: 5, exact: "ab" })).toMatchObject({ start: 0, end: 2 });
});

test("a quote found only once is re-anchored without any ambiguity warning", () => {
  const result = anchor(CJK, { start: 1, end: 3, exact: "会晤很好" });
  const start = cpIndexOf(CJK, "会晤很好");
  expect(result).toEqual({ status: "reanchored", start, end: start + 4, exact: "会晤很好", reason: `the text at 1–3 is "正恩", not the quote; found the quote at ${start}–${start + 4}` });
});

test("offsets outside the text fall back to the quote and the reason names the problem", () => {
  const result = anchor(CJK, { start: 500, end: 502, exact: "𠀋" });
  expect(result).toMatchObject({ status: "reanchored", start: 17, end: 18, exact: "𠀋" });
  if (result.status === "reanchored") expect(result.reason).toMatch(/the span 500–502 is outside the text \(0–\d+ code points\); found the quote at 17–18/);
});

test("a quote with CRLF line ends is found in the LF text and the report says how", () => {
  const text = "First line\nsecond line\n\nThird 🙂 paragraph";
  const result = anchor(text, { start: 3, end: 10, exact: "line\r\nsecond" });
  expect(result).toMatchObject({ status: "reanchored", start: 6, end: 17, exact: "line\nsecond" });
  if (result.status === "reanchored") expect(result.reason).toMatch(/line ends to LF/);
  // The CRLF in the quote made the exporter's offsets one too long per line break; a multi-paragraph quote still lands.
  const para = anchor(text, { start: 6, end: 32, exact: "line\r\n\r\nThird 🙂" });
  expect(para).toMatchObject({ status: "reanchored", start: 18, end: 31, exact: "line\n\nThird 🙂" });
});

test("a decomposed (NFD) quote is found in the NFC text", () => {
  const text = "Café au lait, café noir";
  expect(text.normalize("NFC")).toBe(text);
  const result = anchor(text, { exact: "cafe\u0301 noir" });
  expect(result).toMatchObject({ status: "reanchored", start: 14, end: 23, exact: "café noir" });
  const hangul = "한국 and 조선";
  expect(anchor(hangul, { exact: "\u1112\u1161\u11ab\u1100\u116e\u11a8" })).toMatchObject({ status: "reanchored", start: 0, end: 2 });
});

test("runs of white space match each other when nothing else does", () => {
  const text = "Kim Jong Un\n\tmet  Putin in\u00a0Vladivostok.";
  const result = anchor(text, { start: 0, end: 5, exact: "Un met Putin in Vladivostok" });
  expect(result).toMatchObject({ status: "reanchored", start: 9, end: 38 });
  if (result.status !== "reanchored") throw new Error("unreachable");
  expect(result.exact).toBe("Un\n\tmet  Putin in\u00a0Vladivostok");
  expect(result.reason).toMatch(/white space, line ends and Unicode form normalised/);
  // Several collapsed runs before and inside the match shift it by their total length.
  const spaced = "one   two \n\n three    four\t\tfive six";
  expect(anchor(spaced, { exact: "three four five" })).toMatchObject({ status: "reanchored", start: 13, end: 32, exact: "three    four\t\tfive" });
  expect(anchor(spaced, { exact: "two three" })).toMatchObject({ start: 6, end: 18, exact: "two \n\n three" });
  // The other way round: the quote has the extra white space.
  expect(anchor("one two three", { exact: "two \r\n  three" })).toMatchObject({ status: "reanchored", start: 4, end: 13, exact: "two three" });
});

test("a quote that is not in the text is refused with a reason naming it", () => {
  expect(anchor(CJK, { start: 0, end: 2, exact: "Pyongyang" })).toEqual({
    status: "refused",
    reason: 'the quote "Pyongyang" is not in the text (the text at 0–2 is "金正", not the quote)',
  });
  expect(anchor(CJK, { exact: "x".repeat(100) })).toMatchObject({ reason: expect.stringMatching(/^the quote "x{57}…" is not in the text$/) });
  expect(anchor(CJK, { exact: "line\nbreak" })).toMatchObject({ reason: 'the quote "line\\nbreak" is not in the text' });
});

test("without a usable quote, bad offsets are refused with the offsets' problem", () => {
  expect(anchor(CJK, {})).toEqual({ status: "refused", reason: "the annotation has neither offsets nor a quote" });
  expect(anchor(CJK, { start: 3, end: 999 })).toMatchObject({ status: "refused", reason: expect.stringMatching(/^the span 3–999 is outside the text .* no quote/) });
  expect(anchor(CJK, { start: 3, end: 3 })).toMatchObject({ status: "refused", reason: expect.stringMatching(/is empty/) });
  expect(anchor(CJK, { start: 1.5, end: 3 })).toMatchObject({ status: "refused", reason: expect.stringMatching(/not whole numbers/) });
  expect(anchor(CJK, { start: 3 })).toMatchObject({ status: "refused", reason: expect.stringMatching(/only a start/) });
  expect(anchor(EMOJI, { start: 0, end: 999 }, "utf16")).toMatchObject({ reason: expect.stringMatching(/UTF-16 code units/) });
  // An empty quote is no quote.
  expect(anchor(CJK, { start: 0, end: 1, exact: "" })).toMatchObject({ status: "accepted", exact: "金" });
});

test("an occurrence that would cut a character (combining mark, skin tone, joiner) loses to a clean one", () => {
  // q + combining dot above has no precomposed form, so it stays two code points in NFC.
  const text = "q\u0307 then q alone";
  const result = anchor(text, { exact: "q" });
  expect(result).toMatchObject({ status: "reanchored", start: 8, end: 9 });
  if (result.status === "reanchored") expect(result.reason).toMatch(/the others cut a character/);
  expect(anchor("👩🏽‍🔬 and 👩 alone", { exact: "👩" })).toMatchObject({ start: 9, end: 10 });
  // When the only occurrence cuts a character it is still taken, with a warning.
  const only = anchor("x q\u0307 y", { exact: "q" });
  expect(only).toMatchObject({ status: "reanchored", start: 2, end: 3 });
  if (only.status === "reanchored") expect(only.reason).toMatch(/cuts a character/);
});

test("a quote with its context always lands back on its own span, with or without wrong offsets", () => {
  // Repetitive on purpose: most quotes occur several times and only the context tells them apart.
  const text = "Putin said 🙂. Kim said 🙂.\n普京说 🙂. Kim said 🙂 again. Putin said 🙂 twice.";
  const map = new OffsetMap(text);
  for (let start = 0; start < map.codePointLength; start++) {
    for (const length of [1, 2, 5, 9]) {
      const end = Math.min(start + length, map.codePointLength);
      const quote = quoteOf(map, { start, end });
      const expected = { start, end, exact: cpSlice(text, start, end) };
      expect(anchor(map, quote), `span ${start}–${end}`).toMatchObject(expected);
      // Offsets that hold something else (here: shifted by one) are corrected by the quote.
      const shift = start + 1 < map.codePointLength && end + 1 <= map.codePointLength ? 1 : -1;
      if (start + shift < 0 || map.slice(start + shift, end + shift) === quote.exact) continue;
      expect(anchor(map, { start: start + shift, end: end + shift, ...quote }), `span ${start}–${end} shifted`).toMatchObject({ status: "reanchored", ...expected });
    }
  }
});

test("anchoring on one text then another never reuses the first text's index", () => {
  expect(anchor("aaa 😀 b", { exact: "b" })).toMatchObject({ start: 6 });
  expect(anchor("b", { exact: "b" })).toMatchObject({ start: 0 });
  expect(anchor("x  y", { exact: "x y" })).toMatchObject({ start: 0, end: 4 });
  expect(anchor("x \n y", { exact: "x y" })).toMatchObject({ start: 0, end: 5 });
});

test("quotes on a long repetitive text: the search is bounded, says so, and still uses the offset", () => {
  const run = (length: number) => {
    const text = "ab".repeat(length / 2);
    anchorWork.steps = 0;
    const results = Array.from({ length: 50 }, (_, i) => anchor(text, { start: 1_000 + 2 * i + 1, end: 1_000 + 2 * i + 5, exact: "abab", prefix: "ab".repeat(16), suffix: "ab".repeat(16) }));
    return { steps: anchorWork.steps, results };
  };
  const base = run(200_000);
  const large = run(800_000);
  // The offsets point between letters ("baba"), so every quote is searched for; the work does not grow with the text.
  expect(large.steps).toBeLessThanOrEqual(base.steps * 1.01);
  expect(base.steps).toBeLessThanOrEqual(50 * (MAX_OCCURRENCES + MAX_COMPARED * 70));
  for (const [i, result] of base.results.entries()) {
    expect(result.status).toBe("reanchored");
    if (result.status !== "reanchored") continue;
    expect(Math.abs(result.start - (1_000 + 2 * i + 1))).toBeLessThanOrEqual(1);
    expect(result.reason).toMatch(/occurs 99,999 times: compared the context of the 1,000 nearest to offset/);
  }
  expect(large.results[0].status === "reanchored" && large.results[0].reason).toMatch(/more than 100,000 times/);
});
