import { describe, expect, test } from "vitest";
import { createBratWriter, storageForm } from "@/lib/formats/brat";
import type { ExportAnnotation, ExportRelation } from "@/lib/formats/types";
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

/**
 * A document of `n` ASCII words, one annotation on each: people and places linked to a few
 * knowledge-base items, claims, and events whose participants and location point back at earlier
 * spans; plus typed relations ("member of", and participants drawn as relations). Built directly
 * (no search of the text per span), so it scales to 1 MB.
 */
function scenario(n: number, options: { items?: number; wordLength?: number } = {}) {
  const { items = 3, wordLength = 8 } = options;
  const words = Array.from({ length: n }, (_, i) => `w${i}`.padEnd(wordLength, "x"));
  const text = words.map((w, i) => (i % 7 === 6 ? `${w}\n` : `${w} `)).join("");
  const doc = exportDocument(text, { title: "Scenario" });
  const kinds = [person, place, event, claim];
  const item = (k: number) => ({ id: `0190f5c2-2222-7000-8000-${String(k).padStart(12, "0")}`, name: `Item ${k}`, externalIds: k % 2 ? [`Wikidata:Q${k}`] : [] });
  const annotations: ExportAnnotation[] = [];
  const typed: ExportRelation[] = [];
  let start = 0;
  for (let i = 0; i < n; i++) {
    const lbl = kinds[i % 4];
    const id = `0190f5c2-3333-7000-8000-${String(i).padStart(12, "0")}`;
    const attributes: Record<string, unknown> = {};
    const back = (d: number) => annotations[i - d]?.id;
    if (lbl === event) {
      attributes.participantIds = [back(2), back(6), back(4)].filter(Boolean); // people, and an earlier event
      if (back(1)) attributes.locationId = back(1);
    }
    if (lbl === claim && back(3)) attributes.claimantId = back(3);
    const entity = lbl === person || lbl === place;
    annotations.push({
      id, documentId: doc.id, label: lbl, authorId: "user-1", authorName: "Ada Annotator",
      start, end: start + wordLength, exact: words[i], prefix: "", suffix: "",
      attributes, note: "", reviewState: "PENDING", gold: false, version: 1,
      canonical: entity || i % 8 === 2 ? item(i % items) : null,
      createdAt: "2025-01-02T03:04:05.000Z", updatedAt: "2025-01-03T03:04:05.000Z",
    });
    if (lbl === person && back(4)) typed.push({ type: "member of", fromId: id, toId: back(4)!, documentId: doc.id });
    if (lbl === event && back(3)) typed.push({ type: "participant", fromId: id, toId: back(3)!, documentId: doc.id });
    start += wordLength + 1;
  }
  return { doc, batch: { document: doc, annotations, relations: typed } };
}

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

  test("events, relations and co-reference of a small document: the .ann is exactly what it was", () => {
    const { batch } = scenario(16);
    const ann = byName(writeFiles(createBratWriter(), [batch]), ".ann").content;
    expect(ann).toBe(GOLDEN_ANN);
  });

  test("a 1.6 MB document with 40,000 spans (10,000 events with 50,000 links, mentions of one item) is written in about a second, not in time growing with events × relations", () => {
    const { batch, doc } = scenario(40_000, { items: 1, wordLength: 40 });
    expect(doc.text.length).toBeGreaterThan(1_000_000);
    const started = performance.now();
    const files = createBratWriter().batch(batch);
    const elapsed = performance.now() - started;
    const ann = byName(files, ".ann").content;
    // Every event written with all its arguments, and one Equiv per type for the one item.
    const lines = ann.split("\n");
    expect(lines.filter((l) => l.startsWith("E"))).toHaveLength(10_000);
    expect(lines.find((l) => l.startsWith("E10000\t"))).toMatch(/^E10000\tProtest:T39999 Location:T39998 Participant:T39997 Participant2:T39993 Participant3:E9999 Participant4:T39996$/);
    expect(lines.filter((l) => l.startsWith("*\tEquiv ")).map((l) => l.split(" ").length - 1)).toEqual([10_000, 10_000]);
    // Before, events × relations: 10.8 s at 25,000 spans on a loaded machine, four times that here.
    expect(elapsed).toBeLessThan(6_000);
  }, 30_000);

  test("storage form keeps ASCII letters, digits, _ and -", () => {
    expect(["Geo Place", "Café", "a/b-c_d", "人物", "  "].map(storageForm)).toEqual(["Geo_Place", "Cafe", "a_b-c_d", "", ""]);
  });
});

/** scenario(16)'s .ann as the writer wrote it before events found their arguments by lookup. */
const GOLDEN_ANN = [
  "T1\tLabel 0 8\tw0xxxxxx",
  "T2\tGeo_Place 9 17\tw1xxxxxx",
  "T3\tProtest 18 26\tw2xxxxxx",
  "T4\tClaim_Behauptung 27 35\tw3xxxxxx",
  "T5\tLabel 36 44\tw4xxxxxx",
  "T6\tGeo_Place 45 53\tw5xxxxxx",
  "T7\tProtest 54 62\tw6xxxxxx",
  "T8\tClaim_Behauptung 63 71\tw7xxxxxx",
  "T9\tLabel 72 80\tw8xxxxxx",
  "T10\tGeo_Place 81 89\tw9xxxxxx",
  "T11\tProtest 90 98\tw10xxxxx",
  "T12\tClaim_Behauptung 99 107\tw11xxxxx",
  "T13\tLabel 108 116\tw12xxxxx",
  "T14\tGeo_Place 117 125\tw13xxxxx",
  "T15\tProtest 126 134\tw14xxxxx",
  "T16\tClaim_Behauptung 135 143\tw15xxxxx",
  "#1\tAnnotatorNotes T1\tannotator: Ada Annotator | annotator_id: user-1 | review: pending",
  "N1\tReference T1 workbench:0190f5c2-2222-7000-8000-000000000000\tItem 0",
  "#2\tAnnotatorNotes T2\tannotator: Ada Annotator | annotator_id: user-1 | review: pending",
  "N2\tReference T2 Wikidata:Q1\tItem 1",
  "#3\tAnnotatorNotes T3\tannotator: Ada Annotator | annotator_id: user-1 | review: pending",
  "N3\tReference E1 workbench:0190f5c2-2222-7000-8000-000000000002\tItem 2",
  "#4\tAnnotatorNotes T4\tannotator: Ada Annotator | annotator_id: user-1 | review: pending",
  "#5\tAnnotatorNotes T5\tannotator: Ada Annotator | annotator_id: user-1 | review: pending",
  "N4\tReference T5 Wikidata:Q1\tItem 1",
  "#6\tAnnotatorNotes T6\tannotator: Ada Annotator | annotator_id: user-1 | review: pending",
  "N5\tReference T6 workbench:0190f5c2-2222-7000-8000-000000000002\tItem 2",
  "#7\tAnnotatorNotes T7\tannotator: Ada Annotator | annotator_id: user-1 | review: pending",
  "#8\tAnnotatorNotes T8\tannotator: Ada Annotator | annotator_id: user-1 | review: pending",
  "#9\tAnnotatorNotes T9\tannotator: Ada Annotator | annotator_id: user-1 | review: pending",
  "N6\tReference T9 workbench:0190f5c2-2222-7000-8000-000000000002\tItem 2",
  "#10\tAnnotatorNotes T10\tannotator: Ada Annotator | annotator_id: user-1 | review: pending",
  "N7\tReference T10 workbench:0190f5c2-2222-7000-8000-000000000000\tItem 0",
  "#11\tAnnotatorNotes T11\tannotator: Ada Annotator | annotator_id: user-1 | review: pending",
  "N8\tReference E3 Wikidata:Q1\tItem 1",
  "#12\tAnnotatorNotes T12\tannotator: Ada Annotator | annotator_id: user-1 | review: pending",
  "#13\tAnnotatorNotes T13\tannotator: Ada Annotator | annotator_id: user-1 | review: pending",
  "N9\tReference T13 workbench:0190f5c2-2222-7000-8000-000000000000\tItem 0",
  "#14\tAnnotatorNotes T14\tannotator: Ada Annotator | annotator_id: user-1 | review: pending",
  "N10\tReference T14 Wikidata:Q1\tItem 1",
  "#15\tAnnotatorNotes T15\tannotator: Ada Annotator | annotator_id: user-1 | review: pending",
  "#16\tAnnotatorNotes T16\tannotator: Ada Annotator | annotator_id: user-1 | review: pending",
  "*\tEquiv T1 T13",
  "*\tEquiv T2 T14",
  "E1\tProtest:T3 Location:T2 Participant:T1",
  "E2\tProtest:T7 Location:T6 Participant:T5 Participant2:T1 Participant3:E1 Participant4:T4",
  "E3\tProtest:T11 Location:T10 Participant:T9 Participant2:T5 Participant3:E2 Participant4:T8",
  "E4\tProtest:T15 Location:T14 Participant:T13 Participant2:T9 Participant3:E3 Participant4:T12",
  "R1\tclaimant Arg1:T4 Arg2:T1",
  "R2\tclaimant Arg1:T8 Arg2:T5",
  "R3\tclaimant Arg1:T12 Arg2:T9",
  "R4\tclaimant Arg1:T16 Arg2:T13",
  "R5\tmember_of Arg1:T5 Arg2:T1",
  "R6\tmember_of Arg1:T9 Arg2:T5",
  "R7\tmember_of Arg1:T13 Arg2:T9",
].join("\n") + "\n";
