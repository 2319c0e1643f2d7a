import { describe, expect, test } from "vitest";
import { createConllWriter, resolveOverlaps } from "@/lib/formats/conll";
import { annotate, batchOf, exportDocument, label } from "@/lib/formats/export-test-support";
import { writeText } from "@/lib/formats/writer";

const person = label("Person", "ENTITY");
const place = label("Geo Place", "ENTITY");
const claim = label("Claim", "CLAIM");

describe("CoNLL IOB2 export", () => {
  test("tokens with B-/I-/O tags, a blank line after each sentence, a -DOCSTART- line per document", () => {
    const doc = exportDocument("Ada Lovelace met Charles Babbage in London. They talked.");
    const batch = batchOf(doc, [annotate(doc, "Ada Lovelace", person), annotate(doc, "Charles Babbage", person), annotate(doc, "London", place), annotate(doc, "met Charles", claim)]);
    const writer = createConllWriter();
    const out = writeText(writer, [batch, batchOf(exportDocument("Nothing here."), [])]);
    expect(out).toBe(
      [
        "-DOCSTART- -X- -X- O",
        "",
        "Ada\tB-Person",
        "Lovelace\tI-Person",
        "met\tO",
        "Charles\tB-Person",
        "Babbage\tI-Person",
        "in\tO",
        "London\tB-Geo_Place",
        "",
        "They\tO",
        "talked\tO",
        "",
        "-DOCSTART- -X- -X- O",
        "",
        "Nothing\tO",
        "here\tO",
        "",
        "",
      ].join("\n"),
    );
    // The claim is not an entity: not written, not counted.
    expect(writer.summary()).toEqual({ documents: 2, annotations: 3, tokens: 11, sentences: 3, spansDropped: 0, tokensDropped: 0, spansWithoutTokens: 0, spansSplitAtSentence: 0 });
  });

  test("overlapping entities: the longest wins, then the earliest; the others are dropped whole and counted", () => {
    const doc = exportDocument("New York City Hall opened.");
    const city = annotate(doc, "New York City", place);
    const york = annotate(doc, "York", person);
    const hall = annotate(doc, "City Hall", place);
    const writer = createConllWriter();
    const out = writeText(writer, [batchOf(doc, [city, york, hall])]);
    expect(out).toContain("New\tB-Geo_Place\nYork\tI-Geo_Place\nCity\tI-Geo_Place\nHall\tO\nopened\tO\n");
    expect(writer.summary()).toMatchObject({ spansDropped: 2, tokensDropped: 3 });

    const tie = exportDocument("red fox jumps");
    const [a, b] = [annotate(tie, "red fox", person), annotate(tie, "fox jumps", place)];
    const c = annotate(tie, "ox jumps", place);
    expect(resolveOverlaps([c, a]).kept).toEqual([c]); // longest first (8 code points against 7)
    expect(resolveOverlaps([b, { ...a, end: a.end + 2 }]).kept.map((s) => s.id)).toEqual([a.id]); // a tie: the earlier one
  });

  test("an entity across a sentence boundary restarts with B- (IOB2 cannot continue across a blank line)", () => {
    const doc = exportDocument("Ada\nLovelace wrote.");
    const writer = createConllWriter();
    const out = writeText(writer, [batchOf(doc, [annotate(doc, "Ada\nLovelace", person)])]);
    expect(out).toContain("Ada\tB-Person\n\nLovelace\tB-Person\nwrote\tO\n");
    expect(writer.summary().spansSplitAtSentence).toBe(1);
  });

  test("an entity with no word token (only an emoji) cannot be written and is counted", () => {
    const doc = exportDocument("Flag 🇰🇵 here.");
    const writer = createConllWriter();
    const out = writeText(writer, [batchOf(doc, [annotate(doc, "🇰🇵", place)])]);
    expect(out).not.toContain("B-");
    expect(writer.summary().spansWithoutTokens).toBe(1);
  });

  test("segments by the document's language, and falls back when the tag is unusable", () => {
    const doc = exportDocument("東京大学で会った。", { language: "ja" });
    const out = writeText(createConllWriter(), [batchOf(doc, [annotate(doc, "東京大学", place)])]);
    expect(out.split("\n")[2]).toMatch(/^東京\S*\tB-Geo_Place$/);
    const bad = exportDocument("Hello there.", { language: "not a tag!" });
    expect(writeText(createConllWriter(), [batchOf(bad, [])])).toContain("Hello\tO\n");
  });
});
