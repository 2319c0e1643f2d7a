import { expect, test } from "vitest";
import { OffsetMap, quoteOf } from "@/lib/anchoring/offsets";
import { compactAnnotation, expandAnnotations } from "@/lib/client/compact-annotations";
import type { Annotation } from "@/lib/client/annotation-queue";

const text = "Kim 🤝 Putin met in 金正恩 Vladivostok.\nCafé talks followed.";
const map = new OffsetMap(text);
const full = (id: string, start: number, end: number, extra: Partial<Annotation> = {}): Annotation => ({
  id, documentId: "d", labelId: "L", authorId: "u", start, end, ...quoteOf(map, { start, end }), attributes: {}, note: "", version: 3,
  reviewState: "PENDING", gold: false, canonicalId: null, seq: 17, deleted: false, createdAt: new Date(), updatedAt: new Date(), ...extra,
});

test("the compact form gives back every field the viewer uses, the quote read from the text at code-point offsets", () => {
  const annotations = [
    full("a", 6, 11),
    full("b", 19, 22, { note: "leader", attributes: { canonicalName: "Kim Jong Un" }, reviewState: "ACCEPTED", gold: true, canonicalId: "k1" }),
    full("c", 36, 46),
  ];
  expect(annotations.map((a) => a.exact)).toEqual(["Putin", "金正恩", "Café talks"]);
  const expanded = expandAnnotations(annotations.map(compactAnnotation), "d", map);
  const used = (a: Annotation) => ({ ...a, prefix: "", suffix: "", createdAt: "", updatedAt: "", pending: false });
  expect(expanded).toEqual(annotations.map(used));
});

test("defaults are left out: an untouched annotation carries ids, offsets, version and sequence only", () => {
  expect(compactAnnotation(full("a", 6, 11))).toEqual({ id: "a", labelId: "L", authorId: "u", start: 6, end: 11, version: 3, seq: 17 });
  const sizes = [full("a", 6, 11), full("c", 36, 46)].map((a) => [JSON.stringify(a).length, JSON.stringify(compactAnnotation(a)).length]);
  for (const [before, after] of sizes) expect(after).toBeLessThan(before / 2);
});
