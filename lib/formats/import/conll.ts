// CoNLL-2003 / IOB2 files: one token per line (the token first, its tag last, columns split by
// white space), a blank line after each sentence, `-DOCSTART-` lines between documents. The files
// hold tokens, not the text, so the text is rebuilt by the rules our export (lib/formats/conll.ts)
// keeps: tokens of a sentence joined by one space, one sentence per line. Reading an export of ours
// and exporting it again gives the same file; the punctuation and emoji our export leaves out are
// not in it to come back. Tags: B-X begins an entity, I-X continues one of the same type (an I-X
// after O or another type begins one, as IOB1 files do), O is outside.
import { decodeContent } from "@/lib/formats/import/raw-text";
import { runAtOnce, type Steps } from "@/lib/run-in-slices";
import type { FileContent, ImportProblem, ParsedAnnotation, ParsedAnnotationSet, ParsedDocument } from "@/lib/formats/import/types";

const TAG = /^(?:([BI])-(.+)|O)$/;

export const parseConll = (fileName: string, content: FileContent): ParsedAnnotationSet => runAtOnce(parseConllSteps(fileName, content));

/** parseConll in steps (run-in-slices.ts), pausing every five thousand lines: the direct import route reads a long file in its request. */
export function* parseConllSteps(fileName: string, content: FileContent): Steps<ParsedAnnotationSet> {
  const problems: ImportProblem[] = [];
  const documents: ParsedDocument[] = [];
  const decoded = decodeContent(content);
  if ("error" in decoded) return { format: "conll", documents, problems: [{ file: fileName, message: decoded.error }] };

  let sentences: string[] = [];
  let tokens: string[] = [];
  let annotations: ParsedAnnotation[] = [];
  let length = 0; // code points of the text so far
  let open: ParsedAnnotation | null = null;

  const endSentence = () => {
    open = null;
    if (tokens.length === 0) return;
    sentences.push(tokens.join(" "));
    length += 1; // the line break after it
    tokens = [];
  };
  const endDocument = () => {
    endSentence();
    if (sentences.length > 0) {
      const n = documents.length + 1;
      documents.push({ key: `${fileName}#${n}`, title: `${fileName.replace(/\.[^.]*$/, "")} ${n}`, text: sentences.join("\n"), annotations, relations: [] });
    }
    sentences = [];
    annotations = [];
    length = 0;
  };

  const lines = decoded.text.replace(/^\uFEFF/, "").split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    if (index % 5000 === 4999) yield;
    const line = raw.trim();
    if (!line) {
      endSentence();
      continue;
    }
    const fields = line.split(/\s+/);
    if (fields[0] === "-DOCSTART-") {
      endDocument();
      continue;
    }
    const token = fields[0];
    const tag = fields.length > 1 ? fields[fields.length - 1] : "O";
    const match = TAG.exec(tag);
    if (!match) problems.push({ file: fileName, line: index + 1, message: `the tag ${JSON.stringify(tag)} is not IOB (B-TYPE, I-TYPE or O); the token is read as outside any entity` });
    const start = length + (tokens.length > 0 ? 1 : 0);
    const end = start + [...token].length;
    tokens.push(token);
    length = end;
    const [, position, type] = match ?? [];
    if (!type) {
      open = null;
    } else if (position === "I" && open && open.label === type) {
      open.end = end;
      open.exact = `${open.exact} ${token}`;
    } else {
      open = { key: String(annotations.length + 1), label: type, start, end, exact: token, attributes: {}, offsetUnit: "codepoint" };
      annotations.push(open);
    }
  }
  endDocument();
  if (documents.length === 0) problems.push({ file: fileName, message: "the file holds no tokens" });
  return { format: "conll", documents, problems };
}
