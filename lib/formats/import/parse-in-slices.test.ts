// The direct import route (POST …/annotation-import) parses an upload in its request, on the
// server's one thread. W3C files were read in slices already; CoNLL, brat and doccano files were read
// in one piece, holding the thread for the whole parse of a large file.
import { expect, test } from "vitest";
import { parseBrat, parseBratSteps } from "@/lib/formats/import/brat";
import { parseConll, parseConllSteps } from "@/lib/formats/import/conll";
import { parseDoccanoUpload, parseDoccanoUploadSteps } from "@/lib/formats/import/doccano";
import { runInSlices } from "@/lib/run-in-slices";
import { withTimerBeside } from "@/lib/testing/event-loop-pauses";

const bytes = (text: string) => new TextEncoder().encode(text);
const N = 40_000;

const conll = bytes("-DOCSTART- -X- -X- O\n\n" + "Kim\tB-PER\nJong\tI-PER\nmet\tO\nPutin\tB-PER\nin\tO\nPyongyang\tB-LOC\n.\tO\n\n".repeat(N));

const sentence = "Kim Jong Un met Vladimir Putin in Pyongyang 🤝 (朝俄). ";
const text = sentence.repeat(N / 4);
const chars = [...text];
const ann = Array.from({ length: N }, (_, i) => `T${i + 1}\tPerson ${i * 13} ${i * 13 + 3}\t${chars.slice(i * 13, i * 13 + 3).join("")}\n#${i + 1}\tAnnotatorNotes T${i + 1}\tnote ${i}\n`).join("");
const brat = [{ key: "long", txt: bytes(text), ann: bytes(ann) }];

const doccanoLines = bytes(Array.from({ length: N }, (_, i) => JSON.stringify({ id: i, text: `${sentence}${i}`, label: [[0, 11, "PER"], [16, 30, "PER"]] })).join("\n"));
const doccanoOne = bytes(JSON.stringify({ text, label: Array.from({ length: N }, (_, i) => [i * 13, i * 13 + 3, "PER"]) }));

test.each<[string, () => Promise<unknown>, () => unknown]>([
  ["CoNLL", () => runInSlices(parseConllSteps("long.conll", conll)), () => parseConll("long.conll", conll)],
  ["brat", () => runInSlices(parseBratSteps(brat)), () => parseBrat(brat)],
  ["doccano, many lines", () => runInSlices(parseDoccanoUploadSteps([{ name: "many.jsonl", content: doccanoLines }])), () => parseDoccanoUpload([{ name: "many.jsonl", content: doccanoLines }])],
  ["doccano, one long line", () => runInSlices(parseDoccanoUploadSteps([{ name: "one.jsonl", content: doccanoOne }])), () => parseDoccanoUpload([{ name: "one.jsonl", content: doccanoOne }])],
])("a large %s upload is read in slices, to the same result as at once", async (_format, sliced, atOnce) => {
  const { value, longest, whole } = await withTimerBeside(sliced);
  expect(JSON.stringify(value)).toBe(JSON.stringify(atOnce()));
  // Relative to the whole (a loaded machine slows both), with a floor for one garbage collection;
  // read at once, the longest hold was the whole parse.
  expect(longest).toBeLessThan(Math.max(60, whole / 3));
}, 60_000);
