// Segmenting in pieces gives the segments of the whole string, and stays fast on long texts.
import { expect, test } from "vitest";
import { PIECE, segmentLong } from "@/lib/anchoring/segment-long";

const whole = (segmenter: Intl.Segmenter, text: string) => [...segmenter.segment(text)].map((s) => ({ segment: s.segment, index: s.index, isWordLike: s.isWordLike }));

test("the same words and sentences as segmenting the whole text: lines, long lines, emoji, CJK, combining marks", () => {
  const paragraph = "Kim Jong Un met Vladimir Putin in Vladivostok 🤝 on April 25, 2019. 金正恩同志は会談した。 Café\u0301 talks (“historic”) ended! Then? ";
  const texts = [
    Array.from({ length: 60 }, () => paragraph).join(""), // one line far longer than a piece
    Array.from({ length: 60 }, () => paragraph).join("\n"),
    "😀".repeat(PIECE) + " end", // a cut that would fall inside a surrogate pair
  ];
  for (const text of texts) {
    const words = new Intl.Segmenter("en", { granularity: "word" });
    expect([...segmentLong(words, text)].filter((s) => s.isWordLike).map((s) => [s.index, s.segment])).toEqual(
      whole(words, text).filter((s) => s.isWordLike).map((s) => [s.index, s.segment]),
    );
  }
  // A run with no white space at all is cut (a "word" of thousands of characters is no word), but
  // the pieces still cover the text exactly.
  const run = "x".repeat(PIECE * 2 + 7) + " tail";
  expect([...segmentLong(new Intl.Segmenter("en", { granularity: "word" }), run)].map((s) => s.segment).join("")).toBe(run);
  const sentences = new Intl.Segmenter("en", { granularity: "sentence" });
  const text = texts[0];
  expect([...segmentLong(sentences, text)].map((s) => s.index + s.segment.length)).toEqual(whole(sentences, text).map((s) => s.index + s.segment.length));
});

test("30,000 words on one line are segmented well within a second (the whole string took 12.7 s)", () => {
  const text = Array.from({ length: 30_000 }, (_, i) => ["Kim", "met", "officials", "in", "Pyongyang"][i % 5]).join(" ");
  const words = new Intl.Segmenter("en", { granularity: "word" });
  const started = performance.now();
  const count = [...segmentLong(words, text)].filter((s) => s.isWordLike).length;
  expect(count).toBe(30_000);
  // Generous against a shared machine; the quadratic path is more than ten times over it.
  expect(performance.now() - started).toBeLessThan(1_500);
});
