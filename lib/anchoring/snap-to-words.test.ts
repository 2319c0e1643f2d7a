import { expect, test } from "vitest";
import { OffsetMap } from "@/lib/anchoring/offsets";
import { snapToWords } from "@/lib/anchoring/snap-to-words";

const span = (text: string, start: number, end: number) => {
  const r = snapToWords(new OffsetMap(text), start, end);
  return [...text].slice(r.start, r.end).join("");
};

test("a selection inside words grows to the whole words", () => {
  const text = "Comrade Kim Jong Un met Putin in Vladivostok.";
  expect(span(text, 9, 14)).toBe("Kim Jong");
  expect(span(text, 35, 38)).toBe("Vladivostok");
});

test("white space at the edges is dropped and punctuation is not pulled in", () => {
  const text = "met Putin, in April";
  expect(span(text, 3, 11)).toBe("Putin,");
  expect(span(text, 4, 9)).toBe("Putin");
});

test("works with emoji before the span and with scripts without spaces", () => {
  const text = "🤝🤝 Vladivostok summit";
  expect(span(text, 5, 7)).toBe("Vladivostok");
  const ja = "金正恩はプーチンと会談した";
  const r = snapToWords(new OffsetMap(ja), 4, 5, "ja");
  expect(r.start).toBeLessThanOrEqual(4);
  expect(r.end).toBeGreaterThanOrEqual(5);
});

test("only a window around the selection is read, so large documents stay fast", () => {
  const text = "word ".repeat(300_000) + "Vladivostok summit";
  const map = new OffsetMap(text);
  const start = [...text].length - 15;
  const t0 = performance.now();
  const r = snapToWords(map, start, start + 2);
  expect(performance.now() - t0).toBeLessThan(20);
  expect(map.slice(r.start, r.end)).toBe("Vladivostok");
});
