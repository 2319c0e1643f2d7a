import { Schema } from "@tiptap/pm/model";
import { expect, test } from "vitest";
import { EditorPositions } from "@/lib/anchoring/editor-positions";

// The same schema shape as the viewer: doc > paragraph* > text.
const schema = new Schema({
  nodes: {
    doc: { content: "paragraph*" },
    paragraph: { content: "text*", toDOM: () => ["p", 0] },
    text: {},
  },
});

const TEXTS = [
  "Kim Jong Un met Putin.",
  "Summit 🤝 in 2019.\n\n金正恩 met 👩🏽‍🔬 Putin.\nLast line",
  "\nLeading newline and trailing\n",
  "Cafe\u0301 — بوتين\n\n\n𝔘𝔫𝔦",
];

test.each(TEXTS)("every code point maps to the editor position of the same character (%j)", (text) => {
  const positions = new EditorPositions(text);
  const doc = schema.nodeFromJSON(positions.toDocJSON());
  expect(doc.childCount).toBe(text.split("\n").length);
  const chars = [...text];
  for (let cp = 0; cp < chars.length; cp++) {
    const pos = positions.toPos(cp);
    if (chars[cp] === "\n") {
      // A newline is the boundary between two paragraphs.
      expect(doc.resolve(pos).parentOffset).toBe(doc.resolve(pos).parent.content.size);
    } else {
      expect(doc.textBetween(pos, pos + chars[cp].length)).toBe(chars[cp]);
    }
    expect(positions.toCodePoint(pos)).toBe(cp);
  }
  expect(positions.toCodePoint(positions.toPos(chars.length))).toBe(chars.length);
});

test("a span across paragraphs reads back as the text with its line breaks", () => {
  const text = "First 🙂 line.\n\nSecond line.";
  const positions = new EditorPositions(text);
  const doc = schema.nodeFromJSON(positions.toDocJSON());
  const start = [...text].indexOf("🙂");
  const end = [...text].indexOf("d") + 1;
  expect(doc.textBetween(positions.toPos(start), positions.toPos(end), "\n", "\n")).toBe("🙂 line.\n\nSecond");
});

test("positions between paragraphs snap to the newline; positions inside an emoji round to its start or end", () => {
  const text = "ab\ncd😀e";
  const positions = new EditorPositions(text);
  // "ab" occupies 1..3, the next paragraph's content starts at 5.
  expect(positions.toCodePoint(3)).toBe(2);
  expect(positions.toCodePoint(4)).toBe(2);
  expect(positions.toCodePoint(5)).toBe(3);
  const emojiPos = positions.toPos(5);
  expect(positions.toCodePoint(emojiPos + 1)).toBe(5);
  expect(positions.toCodePoint(emojiPos + 1, true)).toBe(6);
});

test("a code point maps to its line and the UTF-16 index in that line (where a highlight's Range starts)", () => {
  const positions = new EditorPositions("ab\n🤝c\n\nd");
  expect(positions.lineOffset(0)).toEqual([0, 0]);
  expect(positions.lineOffset(2)).toEqual([0, 2]); // the end of the first line
  expect(positions.lineOffset(3)).toEqual([1, 0]);
  expect(positions.lineOffset(4)).toEqual([1, 2]); // after the emoji: two UTF-16 units
  expect(positions.lineOffset(6)).toEqual([2, 0]); // the empty line
  expect(positions.lineOffset(7)).toEqual([3, 0]);
});

test("the editor's content is made when read, the same as toDocJSON, and not kept", () => {
  const positions = new EditorPositions(TEXTS[1]);
  const lazy = positions.lazyDocJSON();
  expect(schema.nodeFromJSON(lazy).eq(schema.nodeFromJSON(positions.toDocJSON()))).toBe(true);
  // Each read makes it anew: the object the editor's options hold keeps no paragraphs.
  expect(lazy.content).not.toBe(lazy.content);
  expect(Object.getOwnPropertyDescriptor(lazy, "content")?.get).toBeTypeOf("function");
});
