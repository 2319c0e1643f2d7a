import { describe, expect, test } from "vitest";
import { createDoccanoWriter } from "@/lib/formats/doccano-jsonl";
import { annotate, batchOf, exportDocument, label } from "@/lib/formats/export-test-support";
import { writeText } from "@/lib/formats/writer";

const person = label("Person", "ENTITY");
const claim = label("Claim", "CLAIM");

function fixture() {
  const doc = exportDocument("🇰🇵 Ada said\u2028the engine works.", { id: "doc-1", title: "Speech", sourceUrl: "https://example.org/s" });
  const ada = annotate(doc, "Ada", person);
  const said = annotate(doc, "the engine works", claim, { attributes: { claimantId: ada.id } });
  return { doc, ada, said, batch: batchOf(doc, [ada, said]) };
}

const lines = (out: string) => out.trimEnd().split("\n").map((l) => JSON.parse(l));

describe("doccano JSONL export", () => {
  test("a layer's file names its layer on every line: annotator name and user id, or gold; mixed lines name none", () => {
    const { batch } = fixture();
    const annotator = lines(writeText(createDoccanoWriter({ layer: { annotator: { id: "user-7", name: "Ada Annotator" } } }), [batch]))[0];
    expect(annotator).toMatchObject({ layer: "annotator", annotator: "Ada Annotator", annotator_id: "user-7" });
    const gold = lines(writeText(createDoccanoWriter({ variant: "rich", layer: { gold: true } }), [batch]))[0];
    expect(gold.layer).toBe("gold");
    expect(gold).not.toHaveProperty("annotator");
    const mixed = lines(writeText(createDoccanoWriter(), [batch]))[0];
    expect(Object.keys(mixed)).toEqual(["id", "text", "label", "meta"]);
  });

  test("plain: text and [start, end, label] in code points, document id and meta kept", () => {
    const { batch } = fixture();
    const writer = createDoccanoWriter();
    const [line] = lines(writeText(writer, [batch]));
    // The flag is two code points (four UTF-16 units), so "Ada" starts at 3.
    expect(line).toEqual({
      id: "doc-1",
      text: batch.document.text,
      label: [
        [3, 6, "Person"],
        [12, 28, "Claim"],
      ],
      meta: { title: "Speech", source_url: "https://example.org/s", publisher: null, published_on: null, language: "en" },
    });
    // The plain layout has no place for the claimant relation; it is counted, not hidden.
    expect(writer.summary()).toEqual({ documents: 1, annotations: 2, relations: 0, relationsDropped: 1 });
  });

  test("utf16 offsets index JavaScript strings", () => {
    const { batch } = fixture();
    const [line] = lines(writeText(createDoccanoWriter({ offsets: "utf16" }), [batch]));
    expect(line.label).toEqual([
      [5, 8, "Person"],
      [14, 30, "Claim"],
    ]);
    expect(line.label.map(([s, e]: number[]) => line.text.slice(s, e))).toEqual(["Ada", "the engine works"]);
  });

  test("rich: entities with integer ids unique across the file, relations between them", () => {
    const { batch, doc } = fixture();
    const writer = createDoccanoWriter({ variant: "rich" });
    const [first, second] = lines(writeText(writer, [batch, batchOf(doc, [annotate(doc, "engine", person)])]));
    expect(first.entities).toEqual([
      { id: 1, start_offset: 3, end_offset: 6, label: "Person" },
      { id: 2, start_offset: 12, end_offset: 28, label: "Claim" },
    ]);
    expect(first.relations).toEqual([{ id: 1, from_id: 2, to_id: 1, type: "claimant" }]);
    expect(second.entities[0].id).toBe(3);
    expect(writer.summary()).toMatchObject({ relations: 1, relationsDropped: 0 });
  });

  test("one record per line even when the text holds Unicode line separators", () => {
    const { batch } = fixture();
    const out = writeText(createDoccanoWriter(), [batch, batch]);
    // Python's str.splitlines() also splits at U+2028; the record must not contain one raw.
    expect(out).not.toMatch(/[\u2028\u2029\u0085]/);
    expect(out.split("\n")).toHaveLength(3);
    expect(lines(out)[1].text).toBe(batch.document.text);
  });
});
