import { expect, test } from "vitest";
import { anchor } from "@/lib/anchoring/reanchor";
import { parseDoccano, parseDoccanoUpload } from "@/lib/formats/import/doccano";

const cps = (s: string) => Array.from(s);
/** doccano's offsets: Python code points into the text as uploaded. */
const py = (text: string, needle: string) => {
  const start = cps(text.slice(0, text.indexOf(needle))).length;
  return [start, start + cps(needle).length] as const;
};
const js = (text: string, needle: string) => [text.indexOf(needle), text.indexOf(needle) + needle.length] as const;

const TEXT = "Summit 🤝 in 2019:\r\nKim Jong Un met Putin 😀 in Vladivostok. 金正恩与普京会晤。";
const jsonl = (...records: unknown[]) => records.map((r) => JSON.stringify(r)).join("\n") + "\n";

test("sequence-labeling lines become documents whose spans hold their quotes after canonicalisation", () => {
  const set = parseDoccano(
    "export.jsonl",
    jsonl(
      { id: 7, text: TEXT, label: [[...py(TEXT, "Kim Jong Un"), "PER"], [...py(TEXT, "Vladivostok"), "LOC"], [...py(TEXT, "普京"), "PER"]] },
      { text: "no labels here", labels: [[0, 2, "X"]] },
    ),
  );
  expect(set.format).toBe("doccano");
  expect(set.problems).toEqual([]);
  const [first, second] = set.documents;
  expect(first).toMatchObject({ key: "7", text: TEXT.replace("\r\n", "\n") });
  expect(first.annotations.map((a) => [a.key, a.label, a.exact])).toEqual([
    ["1", "PER", "Kim Jong Un"],
    ["2", "LOC", "Vladivostok"],
    ["3", "PER", "普京"],
  ]);
  for (const a of first.annotations) expect(anchor(first.text!, a, a.offsetUnit)).toMatchObject({ status: "accepted", exact: a.exact });
  expect(second).toMatchObject({ key: "export.jsonl:line 2", annotations: [{ label: "X", exact: "no" }] });
});

test("UTF-16 offsets from a JavaScript tool are read with the option, and misread without it", () => {
  const line = jsonl({ text: TEXT, label: [[...js(TEXT, "Putin"), "PER"]] });
  const utf16 = parseDoccano("a.jsonl", line, { offsetUnit: "utf16" }).documents[0];
  expect(anchor(utf16.text!, utf16.annotations[0])).toMatchObject({ status: "accepted", exact: "Putin" });
  // Read as code points, the span lands two characters late (the two emoji before it) and its quote says so.
  const wrong = parseDoccano("a.jsonl", line).documents[0];
  expect(wrong.annotations[0].exact).not.toBe("Putin");
});

test("entities and relations (the relation-extraction layout) keep their ids; metadata names the document", () => {
  const set = parseDoccano(
    "rel.jsonl",
    jsonl({
      id: "0190f5c2-6a1b-7c3d-8e4f-0123456789ab",
      text: TEXT,
      entities: [
        { id: 11, start_offset: py(TEXT, "Kim Jong Un")[0], end_offset: py(TEXT, "Kim Jong Un")[1], label: "PER" },
        { id: 12, start_offset: py(TEXT, "Putin")[0], end_offset: py(TEXT, "Putin")[1], label: "PER" },
        { id: 13, start_offset: 5, end_offset: 999, label: "LOC" },
      ],
      relations: [
        { id: 1, from_id: 11, to_id: 12, type: "met" },
        { id: 2, from_id: 11, to_id: 13, type: "in" },
        { id: 3, from_id: 11 },
      ],
      meta: { title: "Summit", source_url: "https://example.org/summit" },
    }),
  );
  const [doc] = set.documents;
  expect(doc).toMatchObject({ documentId: "0190f5c2-6a1b-7c3d-8e4f-0123456789ab", title: "Summit", sourceUrl: "https://example.org/summit" });
  expect(doc.annotations.map((a) => [a.key, a.exact])).toEqual([
    ["11", "Kim Jong Un"],
    ["12", "Putin"],
  ]);
  expect(doc.relations).toEqual([{ fromKey: "11", toKey: "12", type: "met" }]);
  expect(set.problems).toEqual([
    { file: "rel.jsonl", line: 1, message: `entities[2] (LOC): the span 5–999 is outside the text (0–${cps(TEXT).length} code points)` },
    { file: "rel.jsonl", line: 1, message: "relations[1] (in) links entity 13, which is not an imported entity of this document" },
    { file: "rel.jsonl", line: 1, message: 'relations[2] is not a relation like {"from_id", "to_id", "type"}' },
  ]);
});

test("a bad line is reported with its number and the other lines are still read", () => {
  const content = [JSON.stringify({ text: "ok one", label: [[0, 2, "A"]] }), '{"text": "broken', "", "[1, 2]", JSON.stringify({ text: "ok two", label: [[3, 6, "B"], [4, 4, "C"], ["x", 2, "D"], [0, 2]] })].join("\r\n");
  const set = parseDoccano("mixed.jsonl", content);
  expect(set.documents.map((d) => d.annotations.map((a) => a.exact))).toEqual([["ok"], ["two"]]);
  expect(set.problems.map((p) => [p.line, p.message.replace(/^not valid JSON \(.*\);/, "not valid JSON (…);")])).toEqual([
    [2, "not valid JSON (…); the line was skipped"],
    [4, 'expected an object with a "text" string'],
    [5, "label[1] (C): the span 4–4 is empty or reversed"],
    [5, 'label[2] (D): offsets "x"–2 are not whole numbers'],
    [5, 'label[3] is not a span like [start, end, "LABEL"]'],
  ]);
});

test("document categories are not spans and say so; a JSON array export reads like lines", () => {
  const set = parseDoccano("cats.json", JSON.stringify([{ text: "a text", label: ["positive", "news"] }, { text: "b text", label: [[0, 1, "B"]] }]));
  expect(set.documents.map((d) => d.annotations.length)).toEqual([0, 1]);
  expect(set.problems).toEqual([{ file: "cats.json", message: 'record 1: "label" holds document categories ("positive" …), not spans; they are not imported' }]);
});

test("decomposed accents in the text are recomposed and the spans after them still match", () => {
  const text = "Cafe\u0301 Flore, Jose\u0301 Marti\u0301 spoke.";
  const set = parseDoccano("nfd.jsonl", jsonl({ text, label: [[...py(text, "Jose\u0301 Marti\u0301"), "PER"], [...py(text, "spoke"), "EVENT"]] }));
  const [doc] = set.documents;
  expect(doc.text).toBe("Café Flore, José Martí spoke.");
  expect(doc.annotations.map((a) => anchor(doc.text!, a))).toEqual([
    { status: "accepted", start: 12, end: 22, exact: "José Martí" },
    { status: "accepted", start: 23, end: 28, exact: "spoke" },
  ]);
});

// Issue 19: an export made with offsets=utf16 came back shifted and was reported as accepted.
const SUMMIT = "Summit 🤝 in Vladivostok: 김정은 met 普京 😀🇰🇵 at the 🚀 port.";
const u16 = (needle: string, text = SUMMIT) => js(text, needle);

test("offsets given in UTF-16 units with the unit chosen land right", () => {
  const file = jsonl({ text: SUMMIT, label: [[...u16("Vladivostok"), "LOC"], [...u16("김정은"), "PER"]] });
  const read = parseDoccanoUpload([{ name: "a.jsonl", content: file }], "utf16");
  if ("question" in read) throw new Error(read.question);
  expect(read.set.documents[0].annotations.map((a) => a.exact)).toEqual(["Vladivostok", "김정은"]);
});

test("no unit given: a file only the UTF-16 reading fits is read as UTF-16", () => {
  // The last span ends past the text's length in code points: only UTF-16 fits it.
  const file = jsonl({ text: SUMMIT, label: [[...u16("Vladivostok"), "LOC"], [...u16("김정은"), "PER"], [...u16("port."), "LOC"]] });
  const read = parseDoccanoUpload([{ name: "a.jsonl", content: file }]);
  if ("question" in read) throw new Error(read.question);
  expect(read).toMatchObject({ offsetUnit: "utf16", detected: true });
  expect(read.set.documents[0].annotations.map((a) => a.exact)).toEqual(["Vladivostok", "김정은", "port."]);
});

test("no unit given: a file only the code-point reading fits is read as code points", () => {
  // As UTF-16 units, the first span would end inside the 🤝 surrogate pair.
  const file = jsonl({ text: SUMMIT, label: [[...py(SUMMIT, "🤝"), "X"], [...py(SUMMIT, "김정은"), "PER"]] });
  const read = parseDoccanoUpload([{ name: "a.jsonl", content: file }]);
  if ("question" in read) throw new Error(read.question);
  expect(read).toMatchObject({ offsetUnit: "codepoint", detected: true });
  expect(read.set.documents[0].annotations.map((a) => a.exact)).toEqual(["🤝", "김정은"]);
});

test("no unit given: when both readings fit and differ on a span, nothing is read and the person is asked which unit", () => {
  const file = jsonl({ text: SUMMIT, label: [[...u16("김정은"), "PER"]] });
  const read = parseDoccanoUpload([{ name: "a.jsonl", content: file }]);
  expect(read).toEqual({ question: expect.stringMatching(/code points.*UTF-16 units.*1 span in different places.*offsetUnit=codepoint or offsetUnit=utf16/) });
});

test("no unit given: a text without characters outside the BMP reads the same either way", () => {
  const text = "김정은 met 普京 in Vladivostok.";
  const read = parseDoccanoUpload([{ name: "a.jsonl", content: jsonl({ text, label: [[...py(text, "普京"), "PER"]] }) }]);
  expect(read).toMatchObject({ offsetUnit: "codepoint", detected: true, set: { documents: [{ annotations: [{ exact: "普京" }] }] } });
});

/** One line of `n` entities on a text of `n` words (ASCII), with ids 1…n and relations between neighbours. */
function bigLine(n: number, wordLength: number) {
  const words = Array.from({ length: n }, (_, i) => `w${i}`.padEnd(wordLength, "x"));
  const text = words.join(" ");
  const entities = words.map((w, i) => ({ id: i + 1, start_offset: i * (wordLength + 1), end_offset: i * (wordLength + 1) + wordLength, label: i % 2 ? "LOC" : "PER" }));
  return { text, entities };
}

test("a 1 MB line with 50,000 entities is read in well under a second, each id checked for a repeat by lookup", () => {
  const { text, entities } = bigLine(50_000, 20);
  expect(text.length).toBeGreaterThan(1_000_000);
  // Three repeated ids at the end: the first of each is kept, the repeat reported.
  const repeats = [7, 25_000, 50_000].map((id) => ({ ...entities[0], id }));
  const relations = [{ id: 1, from_id: 1, to_id: 50_000, type: "near" }, { id: 2, from_id: 25_000, to_id: 7, type: "near" }];
  const file = jsonl({ id: 1, text, entities: [...entities, ...repeats], relations });
  const started = performance.now();
  const set = parseDoccano("big.jsonl", file);
  const elapsed = performance.now() - started;
  const [doc] = set.documents;
  expect(doc.annotations).toHaveLength(50_000);
  expect(doc.annotations.map((a) => a.key)).toEqual(entities.map((e) => String(e.id)));
  expect(doc.annotations[49_999]).toMatchObject({ key: "50000", label: "LOC", exact: "w49999".padEnd(20, "x") });
  expect(doc.relations).toEqual([{ fromKey: "1", toKey: "50000", type: "near" }, { fromKey: "25000", toKey: "7", type: "near" }]);
  expect(set.problems.map((p) => p.message)).toEqual(["entity id 7 is used twice; kept the first", "entity id 25000 is used twice; kept the first", "entity id 50000 is used twice; kept the first"]);
  // Before, a scan per entity: 8.6 s on a quiet machine.
  expect(elapsed).toBeLessThan(4_000);
}, 30_000);

test("repeated entity ids, random: the first of each id is kept in order and every repeat reported, as a scan of the kept spans would", () => {
  let seed = 12345;
  const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  for (let round = 0; round < 20; round++) {
    const text = "abcdefghijklmnopqrstuvwxyz";
    const entities = Array.from({ length: 1 + random(30) }, () => {
      const start = random(25);
      return { id: random(12), start_offset: start, end_offset: start + 1 + random(26 - start - 1), label: "X" };
    });
    const set = parseDoccano("r.jsonl", jsonl({ text, entities }));
    // The reference: the simple scan of what was kept so far.
    const kept: { key: string; start: number; end: number }[] = [];
    const problems: string[] = [];
    for (const e of entities) {
      if (kept.some((k) => k.key === String(e.id))) problems.push(`entity id ${e.id} is used twice; kept the first`);
      else kept.push({ key: String(e.id), start: e.start_offset, end: e.end_offset });
    }
    expect(set.documents[0].annotations.map((a) => ({ key: a.key, start: a.start, end: a.end }))).toEqual(kept);
    expect(set.problems.map((p) => p.message)).toEqual(problems);
  }
});

test("no unit given, 4,000 spans that the two readings place differently: the question counts them without listing the spans once per span", () => {
  const { text, entities } = bigLine(4_000, 10);
  // An emoji first: as UTF-16 units every offset after it lands one code point earlier; both readings fit.
  const label = entities.map((e) => [e.start_offset + 2, e.end_offset + 2, e.label]);
  const file = jsonl({ text: `🤝 ${text}`, label });
  const started = performance.now();
  const read = parseDoccanoUpload([{ name: "a.jsonl", content: file }]);
  const elapsed = performance.now() - started;
  expect(read).toEqual({ question: expect.stringMatching(/the two readings put 4000 spans in different places\. Choose the offset unit/) });
  // Before, the spans listed once per span: 5.2 s at 3,000.
  expect(elapsed).toBeLessThan(4_000);
}, 30_000);
