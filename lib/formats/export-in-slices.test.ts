// The export route (GET /api/projects/[id]/export) converts each document in its request, on the
// server's one thread: a long document must not hold that thread for the whole conversion. Found
// measuring the writers on a 5 MB document with 25,000 annotations: CoNLL held it 5.0 s in one call
// (the word segmenter, about 2.5 µs a segment), W3C 0.27 s, brat 0.20 s, CSV 0.12 s.
import { expect, test } from "vitest";
import { OffsetMap } from "@/lib/anchoring/offsets";
import { createBratWriter } from "@/lib/formats/brat";
import { createConllWriter } from "@/lib/formats/conll";
import { createCsvWriter } from "@/lib/formats/csv";
import { annotationAt, exportDocument, label } from "@/lib/formats/export-test-support";
import type { DocumentBatch, ExportAnnotation } from "@/lib/formats/types";
import { createNativeWriter, type NativeDocument, type NativeHeader } from "@/lib/formats/native";
import { createW3cWriter } from "@/lib/formats/w3c";
import { runInSlices } from "@/lib/run-in-slices";
import { streamFiles, streamText, type TextExportWriter } from "@/lib/formats/writer";
import { withTimerBeside } from "@/lib/testing/event-loop-pauses";

const SENTENCE = "Kim Jong Un met Vladimir Putin in Pyongyang 🤝 to sign the treaty on comprehensive strategic partnership (朝俄). ";

/** About `characters` of text in paragraphs, with `count` annotations spread over it, a third of them entities. */
function longDocument(characters: number, count: number): DocumentBatch {
  const paragraph = SENTENCE.repeat(8).trim();
  const text = Array.from({ length: Math.ceil(characters / paragraph.length) }, () => paragraph).join("\n\n");
  const document = exportDocument(text);
  const map = new OffsetMap(text);
  const labels = [label("Person", "ENTITY"), label("Statement", "CLAIM"), label("Meeting", "EVENT")];
  const words = [...text.matchAll(/\p{L}+/gu)];
  const annotations: ExportAnnotation[] = Array.from({ length: count }, (_, i) => {
    const word = words[Math.floor((i * words.length) / count)];
    const start = map.toCodePoint(word.index!);
    return annotationAt(document, map, { start, end: start + [...word[0]].length }, labels[i % labels.length]);
  });
  return { document, annotations, relations: [] };
}

async function drained<T>(chunks: AsyncGenerator<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const chunk of chunks) out.push(chunk);
  return out;
}

const batch = longDocument(600_000, 40_000);

/** The long document as the native format's reader gives it: each annotation with its history. */
function nativeDocument({ document, annotations }: DocumentBatch): NativeDocument {
  return {
    ...document, rawText: null, contentHash: "0".repeat(64), length: document.text.length, createdById: null, author: null, originalHtml: null,
    annotations: annotations.map((a) => ({
      id: a.id, labelId: a.label.id, authorId: USER, start: a.start, end: a.end, exact: a.exact, prefix: a.prefix, suffix: a.suffix, attributes: {}, note: "",
      version: 1, reviewState: "PENDING", gold: false, goldSources: [], canonicalId: null, deletedAt: null, createdAt: a.createdAt, updatedAt: a.updatedAt,
      reviews: [], comments: [], history: [{ id: a.id, actorId: USER, action: "CREATE", version: 1, before: null, after: { start: a.start, end: a.end }, createdAt: a.createdAt }],
    })),
    curationDecisions: [], assignments: [], relations: [],
  };
}
const USER = "0190f5c2-0000-7000-8000-00000000ffff";
const nativeLong = nativeDocument(batch);

test.each<[string, () => Promise<unknown[]>]>([
  ["CoNLL", () => drained(streamText(createConllWriter(), [batch]))],
  ["W3C", () => drained(streamText(createW3cWriter({ baseUrl: "http://localhost", project: { id: "p", name: "P", description: "" } }), [batch]))],
  ["CSV", () => drained(streamText(createCsvWriter(), [batch]))],
  ["brat", () => drained(streamFiles(createBratWriter(), [batch]))],
  ["native", () => runInSlices(createNativeWriter({} as NativeHeader).documentSteps(nativeLong))],
])("a %s export of a long document leaves the thread to other requests while it converts", async (_format, run) => {
  const { value, longest, whole } = await withTimerBeside(run);
  expect(value.length).toBeGreaterThan(0);
  // Relative to the whole (a loaded machine slows both), with a floor for a garbage collection, which
  // no slicing avoids: before, the longest hold was the whole conversion (here 0.2–0.6 s).
  expect(longest).toBeLessThan(Math.max(100, whole / 3));
}, 60_000);

test("converted in slices, a document's export is the one converted at once", async () => {
  const small = longDocument(40_000, 3_000);
  // Typed relations too, more than one slice's worth.
  small.relations = small.annotations.slice(1, 1_501).map((a, i) => ({ type: "member of", fromId: small.annotations[i].id, toId: a.id, documentId: a.documentId }));
  const conll = createConllWriter();
  const sliced = await drained(streamText(conll, [small]));
  expect(sliced.join("")).toBe(createConllWriter().batch(small));
  const whole = (w: TextExportWriter) => w.header() + w.batch(small) + w.footer();
  const w3c = () => createW3cWriter({ baseUrl: "http://localhost", project: { id: "p", name: "P", description: "" }, embedText: true });
  expect((await drained(streamText(w3c(), [small]))).join("")).toBe(whole(w3c()));
  expect(whole(w3c())).toContain('"motivation":"linking"');
  expect((await drained(streamText(createCsvWriter(), [small]))).join("")).toBe(whole(createCsvWriter()));
  expect(conll.summary().tokens).toBeGreaterThan(5_000);
  const brat = await drained(streamFiles(createBratWriter(), [small]));
  const native = nativeDocument(small);
  expect((await runInSlices(createNativeWriter({} as NativeHeader).documentSteps(native))).join("")).toBe(JSON.stringify(native));
  const atOnce = createBratWriter();
  expect(brat.map((f) => f.content)).toEqual([...atOnce.batch(small), ...atOnce.footer()].map((f) => f.content));
});
