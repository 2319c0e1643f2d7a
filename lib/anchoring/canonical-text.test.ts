import { expect, test } from "vitest";
import { canonicalizeText, codePointLength, decodeUtf8Text, firstLine, TextDecodeError } from "@/lib/anchoring/canonical-text";

const utf8 = (s: string) => new TextEncoder().encode(s);
const bytes = (...b: number[]) => new Uint8Array(b);

test("valid UTF-8 with emoji, CJK, RTL and combining marks decodes unchanged", () => {
  const text = "Summit 👩🏽‍🔬 😀 金正恩 بوتين Cafe\u0301 \u1112\u1161\u11ab";
  expect(decodeUtf8Text(utf8(text))).toBe(text);
});

test.each([
  ["a lone continuation byte", bytes(0x41, 0x80, 0x42), 1],
  ["an overlong encoding of '/'", bytes(0x41, 0x41, 0xc0, 0xaf), 2],
  ["an overlong three-byte sequence", bytes(0xe0, 0x80, 0xaf), 0],
  ["a UTF-16 surrogate encoded in UTF-8", bytes(0x61, 0xed, 0xa0, 0x80), 1],
  ["a sequence cut off at the end", bytes(0x61, 0x62, 0x63, 0xe2, 0x82), 3],
  ["a Latin-1 é", bytes(0x63, 0x61, 0x66, 0xe9), 3],
  ["a code point above U+10FFFF", bytes(0xf4, 0x90, 0x80, 0x80), 0],
])("invalid UTF-8 is refused, naming the byte: %s", (_what, input, offset) => {
  expect(() => decodeUtf8Text(input)).toThrow(TextDecodeError);
  expect(() => decodeUtf8Text(input)).toThrow(new RegExp(`not valid UTF-8 text: invalid byte sequence at byte ${offset} `));
});

test("binary files are refused even when their bytes happen to be valid UTF-8", () => {
  const png = bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d);
  expect(() => decodeUtf8Text(png)).toThrow(/not valid UTF-8|binary/);
  expect(() => decodeUtf8Text(utf8("text\u0000with NUL"))).toThrow(/binary file.*NUL/);
  expect(() => decodeUtf8Text(utf8("\u0001\u0002\u0003 abc"))).toThrow(/binary file.*3 control characters/);
  // Tabs, form feeds and the odd stray control character in a long text are fine.
  expect(decodeUtf8Text(utf8("a\tb\fc\n" + "x".repeat(200) + "\u0007"))).toContain("a\tb");
});

test("canonical text: BOM removed, CRLF and CR become LF, NFC, nothing else", () => {
  expect(canonicalizeText("\uFEFFline 1\r\nline 2\rline 3\n\r\n")).toBe("line 1\nline 2\nline 3\n\n");
  expect(canonicalizeText("Cafe\u0301")).toBe("Caf\u00e9");
  expect(canonicalizeText("\u1112\u1161\u11ab\uAD6D")).toBe("한국");
  expect(canonicalizeText("  spaces kept  \n\n")).toBe("  spaces kept  \n\n");
  expect(canonicalizeText("a\uFEFFb")).toBe("a\uFEFFb");
  const rtl = "بوتين وكيم — פוטין";
  expect(canonicalizeText(rtl)).toBe(rtl);
});

test("canonicalisation is idempotent", () => {
  for (const s of ["\uFEFFa\r\nb\rc", "e\u0301\u0323", "😀\r\n👩🏽‍🔬", ""]) {
    expect(canonicalizeText(canonicalizeText(s))).toBe(canonicalizeText(s));
  }
});

test("length is counted in code points: an emoji counts once, a ZWJ sequence by its parts", () => {
  expect(codePointLength("😀")).toBe(1);
  expect("😀".length).toBe(2);
  expect(codePointLength("👩🏽‍🔬")).toBe([..."👩🏽‍🔬"].length);
  expect(codePointLength("金正恩𠀋")).toBe(4);
  expect(codePointLength("x\uD83Dy")).toBe(3);
});

test("the default title is the first non-empty line, cut on a code point boundary", () => {
  expect(firstLine("\n\n  Historic DPRK-Russia milestone  \nBody")).toBe("Historic DPRK-Russia milestone");
  const long = "😀".repeat(300);
  const title = firstLine(long, 10);
  expect([...title]).toHaveLength(10);
  expect(title.endsWith("…")).toBe(true);
  expect(title.includes("\uFFFD")).toBe(false);
});
