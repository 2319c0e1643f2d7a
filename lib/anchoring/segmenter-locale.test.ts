import { expect, test } from "vitest";
import { segmenterLocale } from "@/lib/anchoring/segmenter-locale";
import { snapToWords } from "@/lib/anchoring/snap-to-words";
import { OffsetMap } from "@/lib/anchoring/offsets";
import { wordTokens } from "@/lib/agreement/tokens";

test("a known language tag is kept; a missing, unknown or malformed one falls back", () => {
  expect(segmenterLocale("ko")).toBe("ko");
  expect(segmenterLocale("en-GB")).toBe("en-GB");
  expect(segmenterLocale(null)).toBe("en");
  expect(segmenterLocale("")).toBe("en");
  expect(segmenterLocale("<b data-pwned>lang</b>")).toBe("en");
  expect(segmenterLocale("en_US", "ru")).toBe("ru");
  expect(() => new Intl.Segmenter("<b>")).toThrow(RangeError);
});

test("word tokens and snapping survive a document language that is not a language tag", () => {
  const text = "Kim Jong Un met Putin.";
  expect(wordTokens(text, "<script>alert(1)</script>").map((t) => t.text)).toEqual(["Kim", "Jong", "Un", "met", "Putin"]);
  // "im Jo" snaps to "Kim Jong".
  expect(snapToWords(new OffsetMap(text), 1, 6, "\"><img src=x>")).toEqual({ start: 0, end: 8 });
});
