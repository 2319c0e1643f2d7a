import { expect, test } from "vitest";
import { OffsetMap, quoteOf } from "@/lib/anchoring/offsets";
import { compactAnnotations, expandAnnotations } from "@/lib/client/compact-annotations";
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
    full("b", 19, 22, { labelId: "M", authorId: "v", note: "leader", attributes: { canonicalName: "Kim Jong Un" }, reviewState: "ACCEPTED", gold: true, canonicalId: "k1" }),
    full("c", 36, 46, { version: 1, seq: 40 }),
  ];
  expect(annotations.map((a) => a.exact)).toEqual(["Putin", "金正恩", "Café talks"]);
  // Through JSON, as the page sends it.
  const expanded = expandAnnotations(JSON.parse(JSON.stringify(compactAnnotations(annotations))), "d", map);
  const used = (a: Annotation) => ({ ...a, prefix: "", suffix: "", createdAt: "", updatedAt: "", pending: false });
  expect(expanded).toEqual(annotations.map(used));
});

test("defaults are left out and ids are not repeated: an untouched annotation costs its id, two indexes and four numbers", () => {
  const many = Array.from({ length: 100 }, (_, i) => full(`0190a1b2-c3d4-7e5f-8a6b-${String(i).padStart(12, "0")}`, 6, 11, { labelId: `label-${i % 3}-0000-0000-0000-000000000000`, authorId: `author-${i % 2}-000-0000-0000-000000000000` }));
  const compact = compactAnnotations(many);
  expect(compact.extras).toEqual([]);
  expect(compact.labelIds).toHaveLength(3);
  expect(compact.authorIds).toHaveLength(2);
  const perObject = many.map(({ id, labelId, authorId, start, end, version, seq }) => ({ id, labelId, authorId, start, end, version, seq }));
  expect(JSON.stringify(compact).length).toBeLessThan(JSON.stringify(perObject).length / 2);
  // Label and author ids are the same strings for every annotation, not a copy each.
  const expanded = expandAnnotations(compact, "d", map);
  expect(expanded[0].labelId).toBe(expanded[3].labelId);
  expect(expanded.map((a) => a.authorId)).toEqual(many.map((a) => a.authorId));
});
