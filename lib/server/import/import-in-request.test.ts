// The direct import route (POST …/annotation-import) runs the import in its request, on the Next
// server's one thread: it must leave that thread to everyone else's requests as it goes. Found by
// the stall benchmark: 20,000 W3C annotations held the thread 0.8 s at once (decoding and parsing
// the upload twice), then 0.5 s (re-anchoring), then 0.1–0.2 s per 5,000 rows written.
import { beforeAll, expect, test } from "vitest";
import { OffsetMap, quoteOf } from "@/lib/anchoring/offsets";
import { uuidv7 } from "@/lib/ids";
import { projectAccessOf } from "@/lib/testing/access";
import { withTimerBeside } from "@/lib/testing/event-loop-pauses";
import { useTestDatabase } from "@/lib/testing/test-database";

let db: typeof import("@/lib/db").db;

beforeAll(async () => {
  await useTestDatabase();
  ({ db } = await import("@/lib/db"));
});

test("20,000 W3C annotations imported in one request: all stored, the thread never held for long", async () => {
  const { createProject } = await import("@/lib/server/projects/create-project");
  const { importDocuments } = await import("@/lib/server/documents/import-documents");
  const { importAnnotationFilesFor } = await import("@/lib/server/import/import-annotation-sets");
  const owner = await db.user.create({ data: { email: `owner-${uuidv7()}@in-request.test`, name: "Owner" } });
  const project = await createProject(owner.id, { name: `In request ${uuidv7().slice(-6)}`, description: "" });
  const access = await projectAccessOf(owner.id, project.id);
  const words = Array.from({ length: 40_000 }, (_, i) => ["Kim", "met", "officials", "in", "Pyongyang", "and", "Moscow", "to", "discuss", "the", "treaty", "🤝", "on", "June", "19"][i % 15]);
  const text = words.join(" ").replace(/((?:\S+ ){200})/g, "$1\n\n");
  const imported = await importDocuments(access, [{ name: "long.txt", fileName: "long.txt", text, meta: { title: "Long" } }], { trim: false, dryRun: false });
  const documentId = imported.report[0].documentId!;
  const labels = await db.label.findMany({ where: { projectId: project.id } });
  const map = new OffsetMap(text);
  const found = [...text.matchAll(/\p{L}+/gu)];
  const items = Array.from({ length: 20_000 }, (_, i) => {
    const m = found[i % found.length];
    const start = map.toCodePoint(m.index!);
    const span = { start, end: start + [...m[0]].length };
    return {
      type: "Annotation",
      id: `urn:uuid:${uuidv7()}`,
      body: { type: "TextualBody", purpose: "tagging", value: labels[i % labels.length].name },
      target: { source: `http://localhost/documents/${documentId}`, selector: [{ type: "TextQuoteSelector", ...quoteOf(map, span) }, { type: "TextPositionSelector", ...span }] },
    };
  });
  const bytes = new TextEncoder().encode(JSON.stringify({ "@context": "http://www.w3.org/ns/anno.jsonld", type: "AnnotationPage", items }));

  const { value: report, longest, whole } = await withTimerBeside(() => importAnnotationFilesFor(access, [{ name: "set.json", bytes }]));
  expect(report.kind).toBe("annotations");
  if (report.kind !== "annotations") return;
  expect(report.totals.accepted).toBe(20_000);
  expect(await db.annotation.count({ where: { documentId } })).toBe(20_000);
  // Relative to the whole (a loaded machine slows both): the longest hold is the upload's one
  // JSON.parse and its decoding, about a thirtieth of the import here; it was an eighth.
  expect(longest).toBeLessThan(Math.max(250, whole / 12));
}, 120_000);
