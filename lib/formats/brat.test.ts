import { describe, expect, test } from "vitest";
import { createBratWriter, storageForm } from "@/lib/formats/brat";
import { annotate, batchOf, exportDocument, label, parseBratAnn, parseBratConf } from "@/lib/formats/export-test-support";
import { writeFiles, type ExportFile } from "@/lib/formats/writer";

const place = label("Geo Place", "ENTITY");
const person = label("人物", "ENTITY");
const claim = label("Claim/Behauptung", "CLAIM");
const event = label("Protest", "EVENT");

function fixture() {
  const doc = exportDocument("Ada 👍🏽 said the engine\nwould compose\n\nmusic in 東京.\nThe march began.", { id: "0190f5c2-6a1b-7c3d-8e4f-0123456789ab", title: "Ada's Speech (1843)" });
  const ada = annotate(doc, "Ada", person);
  const tokyo = annotate(doc, "東京", place);
  const said = annotate(doc, "the engine\nwould compose\n\nmusic", claim, {
    attributes: { claimantId: ada.id, stance: "critical", modality: "predictive", claimantText: "Ada" },
    note: "First line\nsecond line",
  });
  const march = annotate(doc, "march", event, { attributes: { participantIds: [ada.id], locationId: tokyo.id, date: "1843" }, gold: true, reviewState: "ACCEPTED" });
  return { doc, ada, tokyo, said, march, batch: batchOf(doc, [ada, tokyo, said, march]) };
}

const byName = (files: ExportFile[], suffix: string) => files.find((f) => f.name.endsWith(suffix))!;

describe("brat standoff export", () => {
  test("every .ann line passes brat's own parsing checks against its .txt", () => {
    const { batch } = fixture();
    const files = writeFiles(createBratWriter(), [batch]);
    const parsed = parseBratAnn(byName(files, ".txt").content, byName(files, ".ann").content);
    expect(parsed.problems).toEqual([]);
    expect(parsed.textBounds).toHaveLength(4);
  });

  test("the validator fails on what brat rejects, so the test above can fail", () => {
    const txt = "Ada said\nhello";
    const ann = [
      "T1\tPerson 0 3\tAda",
      "T2\tClaim 4 14\tsaid\nhello", // raw line break inside the quote
      "T3\tClaim 4 8\tsaid!", // quote longer than the span: rest not separated by a space
      "T4\tClaim 0 3;2 5\tAda a s", // fragments overlap
      "T1\tPerson 0 3\tAda", // duplicate id
      "T5\tPerson 0 99\tAda", // beyond the text
      "R1\tclaimant Arg1:T9 Arg2:T1",
      "#1\tAnnotatorNotes T1 extra\tnote",
      "",
    ].join("\n");
    expect(parseBratAnn(txt, ann).problems.map((p) => p.replace(/^line (\d+) .*: /, "$1: "))).toEqual([
      "2: text shorter than the spans",
      "3: no tab after the id",
      "4: text not separated from the rest of the line",
      "5: fragments overlap",
      "6: duplicate id",
      "7: offset exceeds text length",
      "9: a note needs exactly TYPE TARGET",
      "R1 refers to undefined T9",
    ]);
  });

  test("a span across line breaks becomes fragments split at each break, quote joined by spaces", () => {
    const { batch } = fixture();
    const files = writeFiles(createBratWriter(), [batch]);
    const { textBounds } = parseBratAnn(byName(files, ".txt").content, byName(files, ".ann").content);
    const claimLine = byName(files, ".ann").content.split("\n").find((l) => l.includes("Claim_Behauptung"));
    // "Ada 👍🏽 said " is 12 code points; the empty line between the two breaks is left out.
    expect(claimLine).toBe("T2\tClaim_Behauptung 12 22;23 36;38 43\tthe engine would compose music");
    expect(textBounds.map((t) => t.quote)).toEqual(["Ada", "the engine would compose music", "東京", "march"]);
  });

  test("attributes: stance and modality as A lines, the rest as one AnnotatorNotes line; an event's links as its E line, other relations as R lines", () => {
    const { batch } = fixture();
    const files = writeFiles(createBratWriter(), [batch]);
    const parsed = parseBratAnn(byName(files, ".txt").content, byName(files, ".ann").content);
    expect(parsed.attributes.map((a) => [a.type, a.target, a.value])).toEqual([
      ["Stance", "T2", "critical"],
      ["Modality", "T2", "predictive"],
    ]);
    expect(parsed.relations.map((r) => [r.type, ...r.args.map((a) => a.join(":"))])).toEqual([["claimant", "Arg1:T2", "Arg2:T1"]]);
    expect(parsed.events.map((e) => [e.type, e.trigger, ...e.args.map((a) => a.join(":"))])).toEqual([["Protest", "T4", "Location:T3", "Participant:T1"]]);
    const notes = Object.fromEntries(parsed.notes.map((n) => [n.target, n.text]));
    expect(parsed.notes.every((n) => n.type === "AnnotatorNotes")).toBe(true);
    expect(notes.T2).toBe("First line second line | claimantText: Ada | annotator: Ada Annotator | annotator_id: user-1 | review: pending");
    expect(notes.T4).toBe("date: 1843 | annotator: Ada Annotator | annotator_id: user-1 | review: accepted | gold");
  });

  test("knowledge-base links as N lines (an item's external ids, else our own reference), co-reference as * lines, extra attributes as A lines — all passing brat's checks and declared", () => {
    const doc = exportDocument("Douglas Adams met Adams in London. The city and London marched.");
    const kb = { id: "0190f5c2-1111-7000-8000-000000000001", name: "Douglas Adams", externalIds: ["Wikidata:Q42", "VIAF:113230702", "not a reference"] };
    const city = { id: "0190f5c2-1111-7000-8000-000000000002", name: "London", externalIds: [] };
    const douglas = annotate(doc, "Douglas Adams", person, { canonical: kb, attributes: { extra: { Confidence: "High" } } });
    const adams = annotate(doc, "Adams", person, { occurrence: 1, canonical: kb });
    const london = annotate(doc, "London", place, { canonical: city });
    const theCity = annotate(doc, "The city", place, { canonical: city, attributes: { extra: { Note: "two words" } } });
    const marched = annotate(doc, "marched", event, { attributes: { extra: { Negation: true } } });
    const writer = createBratWriter();
    const files = writeFiles(writer, [batchOf(doc, [douglas, adams, london, theCity, marched])]);
    const parsed = parseBratAnn(byName(files, ".txt").content, byName(files, ".ann").content);
    expect(parsed.problems).toEqual([]);
    const ids = Object.fromEntries(parsed.textBounds.map((t) => [t.quote, t.id]));
    expect(parsed.normalizations.map((n) => [n.target, n.reference, n.text])).toEqual([
      [ids["Douglas Adams"], "Wikidata:Q42", "Douglas Adams"],
      [ids["Douglas Adams"], "VIAF:113230702", "Douglas Adams"],
      [ids.Adams, "Wikidata:Q42", "Douglas Adams"],
      [ids.Adams, "VIAF:113230702", "Douglas Adams"],
      [ids.London, `workbench:${city.id}`, "London"],
      [ids["The city"], `workbench:${city.id}`, "London"],
    ]);
    expect(parsed.equivalences).toEqual([
      { type: "Equiv", members: [ids["Douglas Adams"], ids.Adams] },
      { type: "Equiv", members: [ids.London, ids["The city"]] },
    ]);
    // An event's attribute goes on its E id; a value brat cannot hold (a space) stays in the note.
    expect(parsed.attributes.map((a) => [a.type, a.target, a.value])).toEqual([["Confidence", ids["Douglas Adams"], "High"], ["Negation", "E1", "true"]]);
    expect(parsed.notes.find((n) => n.target === ids["The city"])!.text).toMatch(/^Note: two words \| annotator:/);
    const conf = parseBratConf(byName(files, "annotation.conf").content);
    expect(conf.relations.get("Equiv")).toEqual({ Arg1: new Set(["<ENTITY>"]), Arg2: new Set(["<ENTITY>"]), "<REL-TYPE>": new Set(["symmetric-transitive"]) });
    expect(conf.attributes.get("Confidence")).toEqual({ Arg: new Set(["<ENTITY>"]), Value: new Set(["High"]) });
    expect(conf.attributes.get("Negation")).toEqual({ Arg: new Set(["<EVENT>"]) });
    expect(writer.summary()).toMatchObject({ normalizations: 6, equivalences: 2, attributes: 2 });
  });

  test("annotation.conf declares every type, relation and attribute value the .ann uses, in brat's storage form", () => {
    const { batch } = fixture();
    const writer = createBratWriter();
    const files = writeFiles(writer, [batch]);
    const conf = parseBratConf(byName(files, "annotation.conf").content);
    const parsed = parseBratAnn(byName(files, ".txt").content, byName(files, ".ann").content);
    const types = new Map([...parsed.textBounds.map((t) => [t.id, t.type] as const), ...parsed.events.map((e) => [e.id, e.type] as const)]);
    expect(conf.sections).toEqual(expect.arrayContaining(["entities", "relations", "events", "attributes"]));
    // An event label's spans are triggers: brat wants their type under [events], not [entities].
    const triggers = new Set(parsed.events.map((e) => e.trigger));
    for (const t of parsed.textBounds) expect(triggers.has(t.id) ? conf.events : conf.entities).toSatisfy((set: Set<string> | Map<string, unknown>) => set.has(t.type));
    for (const type of conf.entities) expect(type).toMatch(/^[A-Za-z0-9_-]+$/);
    for (const e of parsed.events) {
      const roles = conf.events.get(e.type) as Record<string, Set<string>>;
      for (const [role, id] of e.args) expect(roles[`${role.replace(/\d+$/, "")}*`] ?? roles[`${role}?`]).toContain(types.get(id));
    }
    for (const r of parsed.relations) {
      const allowed = conf.relations.get(r.type)!;
      expect(allowed.Arg1).toContain(types.get(r.args[0][1]));
      expect(allowed.Arg2).toContain(types.get(r.args[1][1]));
    }
    for (const a of parsed.attributes) expect(conf.attributes.get(a.type)!.Value).toContain(a.value);
    expect(conf.relations.get("<OVERLAP>")).toBeDefined();
    expect(writer.summary().typeNames).toEqual({ "Geo Place": "Geo_Place", 人物: "Label", "Claim/Behauptung": "Claim_Behauptung", Protest: "Protest" });
    // visual.conf shows the original names for the mapped types.
    expect(byName(files, "visual.conf").content).toContain("Label | 人物\n");
    expect(byName(files, "visual.conf").content).toContain("Geo_Place\tbgColor:#8fbcbb\n");
  });

  test("layers in folders: one name per document, each folder with the text and that layer's .ann", () => {
    const { batch, ada, march } = fixture();
    const writer = createBratWriter();
    const files = writer.batchInFolders(batch, [{ folder: "ada-annotator", annotations: [ada] }, { folder: "gold", annotations: [march] }]);
    expect(files.map((f) => f.name)).toEqual([
      "ada-annotator/ada-s-speech-1843-456789ab.txt",
      "ada-annotator/ada-s-speech-1843-456789ab.ann",
      "gold/ada-s-speech-1843-456789ab.txt",
      "gold/ada-s-speech-1843-456789ab.ann",
    ]);
    expect(files[1].content).toMatch(/^T1\t\S+ 0 3\tAda$/m);
    expect(files[3].content).toMatch(/^T1\tProtest \d+ \d+\tmarch$/m);
    expect(files[3].content).not.toContain("\tAda\n");
    expect(writer.summary()).toMatchObject({ documents: 1, annotations: 2 });
  });

  test("files: the text exactly, safe unique names from title and id", () => {
    const { batch, doc } = fixture();
    const twin = { ...doc, id: "0190f5c2-6a1b-7c3d-8e4f-9999456789ab" }; // same title, same id tail
    const foreign = { ...doc, id: "0190f5c2-0000-7000-8000-000000000001", title: "東京の報告" };
    const files = writeFiles(createBratWriter(), [batch, batchOf(twin, []), batchOf(foreign, [])]);
    expect(files.map((f) => f.name)).toEqual([
      "ada-s-speech-1843-456789ab.txt",
      "ada-s-speech-1843-456789ab.ann",
      "ada-s-speech-1843-0190f5c26a1b7c3d8e4f9999456789ab.txt",
      "ada-s-speech-1843-0190f5c26a1b7c3d8e4f9999456789ab.ann",
      "document-00000001.txt",
      "document-00000001.ann",
      "annotation.conf",
      "visual.conf",
    ]);
    expect(files[0].content).toBe(doc.text);
  });

  test("a span of only line breaks cannot be written: skipped and counted, with its relations", () => {
    const doc = exportDocument("One\n\nTwo");
    const gap = annotate(doc, "\n\n", person);
    const one = annotate(doc, "One", claim, { attributes: { claimantId: gap.id } });
    const writer = createBratWriter();
    const files = writeFiles(writer, [batchOf(doc, [one, gap])]);
    const parsed = parseBratAnn(doc.text, byName(files, ".ann").content);
    expect(parsed.problems).toEqual([]);
    expect(parsed.textBounds.map((t) => t.quote)).toEqual(["One"]);
    expect(parsed.relations).toEqual([]);
    expect(writer.summary()).toMatchObject({ annotations: 1, spansSkipped: 1, relations: 0 });
  });

  test("storage form keeps ASCII letters, digits, _ and -", () => {
    expect(["Geo Place", "Café", "a/b-c_d", "人物", "  "].map(storageForm)).toEqual(["Geo_Place", "Cafe", "a_b-c_d", "", ""]);
  });
});
