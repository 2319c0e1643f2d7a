import { expect, test } from "vitest";
import { canonicalizeText } from "@/lib/anchoring/canonical-text";
import { rawText } from "@/lib/formats/import/raw-text";

const cps = (s: string) => Array.from(s);
const cpSlice = (s: string, start: number, end: number) => cps(s).slice(start, end).join("");

test("the mapped text is exactly the canonical text", () => {
  for (const raw of ["\uFEFFa\r\nb\rc\n", "Cafe\u0301\r\n", "plain", "", "\r\n\r\n", "\u1112\u1161\u11ab\u1100\u116e\u11a8 😀"]) {
    expect(rawText(raw).text).toBe(canonicalizeText(raw));
  }
});

test("offsets after a BOM and CRLF line ends land on the same characters in the canonical text", () => {
  const raw = "\uFEFFKim 🤝 Putin\r\n\r\nVladivostok 2019\rend";
  const mapped = rawText(raw);
  const rawChars = cps(raw);
  for (let start = 0; start < rawChars.length; start++) {
    for (let end = start + 1; end <= rawChars.length; end++) {
      // A boundary between a CR and its LF is not a character boundary of the canonical text.
      if (rawChars[start - 1] === "\r" && rawChars[start] === "\n") continue;
      if (rawChars[end - 1] === "\r" && rawChars[end] === "\n") continue;
      const quote = mapped.quote(start, end);
      expect(quote).toBe(canonicalizeText(cpSlice(raw, start, end)));
      expect(cpSlice(mapped.text, mapped.toCanonical(start), mapped.toCanonical(end)), `${start}–${end}`).toBe(quote);
    }
  }
});

test("offsets stay exact around text that NFC recomposes, and round down inside it", () => {
  // Decomposed é, decomposed Hangul and a CRLF before the spans we check.
  const raw = "Cafe\u0301\r\n\u1112\u1161\u11ab\u1100\u116e\u11a8 said: cafe\u0301 noir 😀 ok";
  const mapped = rawText(raw);
  const word = (w: string, from = 0) => {
    const start = cps(raw).findIndex((_, i) => i >= from && cpSlice(raw, i, i + cps(w).length) === w);
    return [start, start + cps(w).length] as const;
  };
  for (const [w, expected] of [
    ["Cafe\u0301", "Café"],
    ["\u1112\u1161\u11ab\u1100\u116e\u11a8", "한국"],
    ["said", "said"],
    ["cafe\u0301 noir", "café noir"],
    ["😀", "😀"],
    ["ok", "ok"],
  ] as const) {
    const [start, end] = word(w);
    expect(mapped.quote(start, end)).toBe(expected);
    expect(cpSlice(mapped.text, mapped.toCanonical(start), mapped.toCanonical(end))).toBe(expected);
  }
  // Between "e" and its accent: the start of the recomposed "é".
  expect(mapped.toCanonical(4)).toBe(3);
});

test("UTF-16 offsets of the raw text map too, a span end inside an emoji rounding up", () => {
  const raw = "😀 one\r\ntwo 😀";
  const mapped = rawText(raw, "utf16");
  expect(mapped.rawLength).toBe(raw.length);
  const start = raw.indexOf("two");
  expect(mapped.toCanonical(start)).toBe(6);
  expect(mapped.quote(start, raw.length)).toBe("two 😀");
  expect(mapped.toCanonical(raw.length - 1, true)).toBe(cps(mapped.text).length);
});
