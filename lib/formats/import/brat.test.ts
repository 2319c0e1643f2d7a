import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "vitest";
import { anchor } from "@/lib/anchoring/reanchor";
import { pairBratFiles, parseBrat, parseBratDocument, parseBratZip } from "@/lib/formats/import/brat";
import type { ParsedDocument } from "@/lib/formats/import/types";
import { ZipError } from "@/lib/formats/import/zip-reader";

const cps = (s: string) => Array.from(s);
/** brat's offsets: code points of the raw text, as Python counts them. */
const pyIndex = (text: string, needle: string, from = 0) => cps(text.slice(0, text.indexOf(needle, from))).length;
const span = (text: string, needle: string, from = 0) => {
  const start = pyIndex(text, needle, from);
  return `${start} ${start + cps(needle).length}`;
};

// A raw .txt as brat users have them: BOM, Windows line ends, an emoji, decomposed accents.
const TXT = "\uFEFFKim Jong Un 🤝 met Putin\r\nin Vladivostok.\r\nThe cafe\u0301 was closed.\r\n金正恩与普京会晤。Putin left.";

function ann(lines: string[]): string {
  return lines.join("\n") + "\n";
}

const byKey = (document: ParsedDocument | undefined) => Object.fromEntries((document?.annotations ?? []).map((a) => [a.key, a]));

test("T, A, M, R and AnnotatorNotes lines become annotations, attributes, relations and notes", () => {
  const { document, problems } = parseBratDocument({
    key: "corpus/summit",
    txt: Buffer.from(TXT, "utf8"),
    ann: ann([
      `T1\tPerson ${span(TXT, "Kim Jong Un")}\tKim Jong Un`,
      `T2\tPerson ${span(TXT, "Putin")}\tPutin`,
      `T3\tPlace ${span(TXT, "Vladivostok")}\tVladivostok`,
      `T4\tPlace ${span(TXT, "cafe\u0301")}\tcafe\u0301`,
      `T5\tPerson ${span(TXT, "金正恩")}\t金正恩`,
      "A1\tNegated T2",
      "A2\tConfidence T1 High",
      "M1\tUncertain T3",
      "R1\tMet Arg1:T1 Arg2:T2",
      "#1\tAnnotatorNotes T1\tleader of the DPRK",
      "#2\tAnnotatorNotes T1\tsecond note",
      // How our export ends its notes.
      "#3\tAnnotatorNotes T2\tannotator: Ada Annotator | review: accepted | gold",
      "#4\tAnnotatorNotes T3\tnear the port | canonicalName: Vladivostok | annotator: Bo | review: pending",
    ]),
  });
  expect(problems).toEqual([]);
  expect(document).toMatchObject({ key: "corpus/summit", title: "summit", text: "Kim Jong Un 🤝 met Putin\nin Vladivostok.\nThe café was closed.\n金正恩与普京会晤。Putin left." });
  const t = byKey(document);
  expect(t.T1).toMatchObject({ label: "Person", attributes: { Confidence: "High" }, note: "leader of the DPRK\nsecond note", offsetUnit: "codepoint" });
  expect(t.T2).toMatchObject({ attributes: { Negated: true }, creatorName: "Ada Annotator", reviewState: "ACCEPTED" });
  expect(t.T2.note).toBeUndefined();
  expect(t.T3).toMatchObject({ attributes: { Uncertain: true, canonicalName: "Vladivostok" }, note: "near the port", creatorName: "Bo", reviewState: "PENDING" });
  expect(t.T4.exact).toBe("café");
  expect(document!.relations).toEqual([{ fromKey: "T1", toKey: "T2", type: "Met" }]);
  // After the BOM, CRLFs and the recomposed é, every offset still holds its quote: all accepted as they are.
  for (const a of document!.annotations) {
    expect(anchor(document!.text!, a, a.offsetUnit), a.key).toMatchObject({ status: "accepted", exact: a.exact });
  }
});

test("offsets counted by brat itself, which reads CRLF as one character, are recognised by their quotes", () => {
  // brat's server opens the .txt with universal newlines, so its offsets skip every CR.
  const universal = TXT.replace(/\r\n/g, "\n");
  const lines = ["Vladivostok", "café", "Putin"].map((w, i) => `T${i + 1}\tX ${span(universal, w === "café" ? "cafe\u0301" : w, w === "Putin" ? 60 : 0)}\t${w}`);
  const { document, problems } = parseBratDocument({ key: "d", txt: TXT, ann: ann(lines) });
  expect(problems).toEqual([]);
  for (const a of document!.annotations) expect(anchor(document!.text!, a), a.key).toMatchObject({ status: "accepted", exact: a.exact });
  // The same quotes at CR-counting offsets are read the other way.
  const counted = ["Vladivostok", "Putin"].map((w, i) => `T${i + 1}\tX ${span(TXT, w, w === "Putin" ? 60 : 0)}\t${w}`);
  const other = parseBratDocument({ key: "d", txt: TXT, ann: ann(counted) }).document!;
  for (const a of other.annotations) expect(anchor(other.text!, a), a.key).toMatchObject({ status: "accepted", exact: a.exact });
});

test("a span crossing line breaks, written as fragments split at them, is one continuous span", () => {
  // How brat itself and our export write "Putin⏎in Vladivostok".
  const start = pyIndex(TXT, "Putin");
  const second = pyIndex(TXT, "in Vladivostok");
  const line = `T1\tPlace ${start} ${start + 5};${second} ${second + 14}\tPutin in Vladivostok`;
  const { document, problems } = parseBratDocument({ key: "d", txt: TXT, ann: ann([line]) });
  expect(problems).toEqual([]);
  const [a] = document!.annotations;
  expect(anchor(document!.text!, a)).toMatchObject({ status: "accepted", exact: "Putin\nin Vladivostok" });
});

test("fragments with text between them are imported as the covering span and reported; a wrong fragment quote is refused", () => {
  const kim = pyIndex(TXT, "Kim");
  const putin = pyIndex(TXT, "Putin");
  const { document, problems } = parseBratDocument({
    key: "d",
    txt: TXT,
    ann: ann([`T1\tPerson ${kim} ${kim + 3};${putin} ${putin + 5}\tKim Putin`, `T2\tPerson ${kim} ${kim + 3};${putin} ${putin + 5}\tKim Lavrov`]),
  });
  expect(document!.annotations.map((a) => a.key)).toEqual(["T1"]);
  expect(anchor(document!.text!, document!.annotations[0])).toMatchObject({ status: "accepted", exact: "Kim Jong Un 🤝 met Putin" });
  expect(problems).toEqual([
    { file: "d.ann", line: 1, message: `T1 has 2 fragments (${kim} ${kim + 3};${putin} ${putin + 5}); imported as one span ${kim}–${putin + 5} that also covers the text between them` },
    { file: "d.ann", line: 2, message: `T2: its fragments ${kim} ${kim + 3};${putin} ${putin + 5} hold "Kim Putin", not the quoted "Kim Lavrov"; skipped` },
  ]);
});

test("N lines are knowledge-base references (not a note or a canonical name) and * lines groups of annotations naming the same thing", () => {
  const { document, problems } = parseBratDocument({
    key: "d",
    txt: TXT,
    ann: ann([
      `T1\tPerson ${span(TXT, "Kim Jong Un")}\tKim Jong Un`,
      `T2\tPerson ${span(TXT, "Putin")}\tPutin`,
      `T3\tPerson ${span(TXT, "金正恩")}\t金正恩`,
      `T4\tMeeting ${span(TXT, "met")}\tmet`,
      "E1\tMeeting:T4",
      "N1\tReference T1 Wikidata:Q56226\tKim Jong-un",
      "N2\tReference T1 Wikipedia:1234",
      "N3\tReference T2 Wikidata:Q7747\tVladimir Putin",
      "N4\tReference E1 Wikidata:Q1\tthe summit",
      "N5\tReference T2 Q7747",
      "*\tEquiv T1 T3",
      "*\tEquiv T2 T9",
    ]),
  });
  const t = byKey(document);
  expect(t.T1).toMatchObject({ references: [{ id: "Wikidata:Q56226", name: "Kim Jong-un" }, { id: "Wikipedia:1234" }], attributes: {} });
  expect(t.T1.note).toBeUndefined();
  expect(t.T2.references).toEqual([{ id: "Wikidata:Q7747", name: "Vladimir Putin" }]);
  // A reference on an event lands on its trigger, as attributes and notes do.
  expect(t.T4.references).toEqual([{ id: "Wikidata:Q1", name: "the summit" }]);
  expect(document!.equivalences).toEqual([["T1", "T3"]]);
  expect(problems.map((p) => [p.line, p.message])).toEqual([
    [10, 'N5 is not a normalization like "N1<TAB>Reference T1 Wikidata:Q42<TAB>name"'],
    [12, "* refers to T9, which is not a usable text annotation in this file"],
    [12, "*: fewer than two of its annotations were read, so there is nothing to link"],
  ]);
});

test("every line that cannot be imported is reported with its line number, and the rest is read", () => {
  const { document, problems } = parseBratDocument({
    key: "d",
    txt: TXT,
    ann: ann([
      `T1\tPerson ${span(TXT, "Putin")}\tPutin`,
      "E1\tMeeting:T1 Agent:T1",
      "N1\tReference T1 Wikidata:Q7747\tVladimir Putin",
      "*\tEquiv T1 T1",
      "T2\tPerson five six\tPutin",
      "",
      "T3\tPerson 20 10\tx",
      `T1\tPlace ${span(TXT, "Vladivostok")}\tVladivostok`,
      "A1\tNegated T9",
      "A2\tNegated E1",
      "R1\tMet Arg1:T1",
      "R2\tMet Arg1:T1 Arg2:T7",
      "#1\tOtherNote T1\tignored",
      "X1\tsomething odd",
    ]),
  });
  expect(document!.annotations.map((a) => [a.key, a.label])).toEqual([["T1", "Person"]]);
  // The event's argument is a relation from its trigger; an attribute of the event lands on the trigger; the normalization is a reference.
  expect(document!.relations).toEqual([{ fromKey: "T1", toKey: "T1", type: "participant" }]);
  expect(document!.annotations[0]).toMatchObject({ attributes: { Negated: true }, references: [{ id: "Wikidata:Q7747", name: "Vladimir Putin" }] });
  expect(problems.map((p) => [p.line, p.message])).toEqual([
    [4, '* is not an equivalence of two or more annotations like "*<TAB>Equiv T1 T2"'],
    [5, 'T2 is not a text annotation like "T1<TAB>Label 0 5<TAB>quote"'],
    [7, "T3 has an empty or reversed span 20–10"],
    [8, "T1 is defined twice (first on line 1); kept the first"],
    [9, "A1 refers to T9, which is not a usable text annotation in this file"],
    [11, 'R1 is not a relation like "R1<TAB>Type Arg1:T1 Arg2:T2"'],
    [12, "R2 refers to T7, which is not a usable text annotation in this file"],
    [13, '#1 is a comment of type "OtherNote"; only AnnotatorNotes are imported'],
    [14, 'unrecognised line "X1\\tsomething odd"; expected T, E, A, M, R, N, * or # lines'],
  ]);
  expect(problems.every((p) => p.file === "d.ann")).toBe(true);
});

test("offsets that disagree with the text are left for anchoring by the quote, which finds or refuses them", () => {
  const { document, problems } = parseBratDocument({
    key: "d",
    txt: TXT,
    ann: ann([
      // Counted in UTF-16 by a JavaScript tool: one too far after the emoji.
      `T1\tPerson ${TXT.indexOf("Putin")} ${TXT.indexOf("Putin") + 5}\tPutin`,
      "T2\tPlace 9000 9011\tVladivostok",
      "T3\tPlace 9000 9011",
      "T4\tPerson 1 4\tLavrov",
    ]),
  });
  expect(problems).toEqual([{ file: "d.ann", line: 3, message: `T3: the span 9000–9011 is outside the text (0–${cps(TXT).length} code points)` }]);
  const t = byKey(document);
  const text = document!.text!;
  expect(anchor(text, t.T1)).toMatchObject({ status: "reanchored", start: cps(text.slice(0, text.indexOf("Putin"))).length });
  expect(anchor(text, t.T2)).toMatchObject({ status: "reanchored", exact: "Vladivostok", reason: expect.stringMatching(/outside the text/) });
  expect(anchor(text, t.T4)).toEqual({ status: "refused", reason: 'the quote "Lavrov" is not in the text (the text at 0–3 is "Kim", not the quote)' });
});

test("a .txt that is not UTF-8 text skips its document with a reason", () => {
  const { document, problems } = parseBratDocument({ key: "bin", txt: new Uint8Array([0x4b, 0xff, 0x00]), ann: "T1\tX 0 1\tK\n" });
  expect(document).toBeUndefined();
  expect(problems).toEqual([{ file: "bin.txt", message: expect.stringMatching(/^not valid UTF-8 text: .*; the document and its annotations were skipped$/) }]);
});

test("pairing matches x.txt with x.ann and skips brat's configuration, folders and system files", () => {
  const { pairs, problems } = pairBratFiles([
    { path: "corpus/", data: "" },
    { path: "corpus/annotation.conf", data: "[entities]\nPerson" },
    { path: "corpus/visual.conf", data: "" },
    { path: "corpus/a.txt", data: "A" },
    { path: "corpus/a.ann", data: "" },
    { path: "corpus/sub/b.ann", data: "T1\tX 0 1\tB\n" },
    { path: "corpus/sub/b.txt", data: "B" },
    { path: "corpus/orphan.ann", data: "" },
    { path: "corpus/lonely.txt", data: "L" },
    { path: "corpus/.DS_Store", data: "" },
    { path: "__MACOSX/corpus/._a.txt", data: "" },
    { path: "corpus/README.md", data: "" },
  ]);
  expect(pairs.map((p) => [p.key, p.ann !== undefined])).toEqual([
    ["corpus/a", true],
    ["corpus/lonely", false],
    ["corpus/sub/b", true],
  ]);
  expect(problems).toEqual([
    { file: "corpus/README.md", message: "ignored: not a brat .txt or .ann file" },
    { file: "corpus/orphan.ann", message: "no orphan.txt next to it, so its offsets cannot be checked; skipped" },
    { file: "corpus/lonely.txt", message: "no lonely.ann next to it; imported as a document without annotations" },
  ]);
  const set = parseBrat(pairs, problems);
  expect(set.format).toBe("brat");
  expect(set.documents.map((d) => [d.key, d.annotations.length])).toEqual([
    ["corpus/a", 0],
    ["corpus/lonely", 0],
    ["corpus/sub/b", 1],
  ]);
});

test("a brat corpus zipped with `zip -r` is read end to end", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "brat-zip-"));
  try {
    fs.mkdirSync(path.join(dir, "corpus/part2"), { recursive: true });
    fs.writeFileSync(path.join(dir, "corpus/annotation.conf"), "[entities]\nPerson\n");
    fs.writeFileSync(path.join(dir, "corpus/summit.txt"), TXT);
    fs.writeFileSync(path.join(dir, "corpus/summit.ann"), ann([`T1\tPerson ${span(TXT, "Putin")}\tPutin`, `T2\tPerson ${span(TXT, "Putin", TXT.indexOf("Putin") + 1)}\tPutin`]));
    fs.writeFileSync(path.join(dir, "corpus/part2/cjk.txt"), "金正恩与普京会晤。\n");
    fs.writeFileSync(path.join(dir, "corpus/part2/cjk.ann"), "T1\tPerson 4 6\t普京\n");
    execFileSync("zip", ["-q", "-r", "corpus.zip", "corpus"], { cwd: dir });
    const set = parseBratZip(fs.readFileSync(path.join(dir, "corpus.zip")));
    expect(set.problems).toEqual([]);
    expect(set.documents.map((d) => d.key)).toEqual(["corpus/part2/cjk", "corpus/summit"]);
    for (const d of set.documents) for (const a of d.annotations) expect(anchor(d.text!, a)).toMatchObject({ status: "accepted", exact: a.exact });
    // A zip without brat files, and a file that is not a zip.
    expect(parseBratZip(execFileSync("zip", ["-q", "-", "corpus/annotation.conf"], { cwd: dir })).problems).toEqual([
      { file: "(zip)", message: "the zip holds no brat documents (x.txt with x.ann)" },
    ]);
    expect(() => parseBratZip(Buffer.from("T1\tX 0 1\n"))).toThrow(ZipError);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
