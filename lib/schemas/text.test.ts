import { expect, test } from "vitest";
import { findUnstorableText, MAX_JSON_DEPTH, scanJson, unstorableText } from "@/lib/schemas/text";

test("NUL and unpaired surrogates are unstorable; emoji, combining marks and control characters are fine", () => {
  expect(unstorableText("a\u0000b")).toMatch(/NUL/);
  expect(unstorableText("\ud800")).toMatch(/unpaired surrogate/);
  expect(unstorableText("x\udfff")).toMatch(/unpaired surrogate/);
  expect(unstorableText("\udfff\ud800")).toMatch(/unpaired surrogate/);
  for (const fine of ["", "👍🏽", "🇰🇵", "q\u0307", "金正恩", "\u0001\t\r\n", "\ufeff"]) expect(unstorableText(fine), fine).toBeNull();
});

test("the scan names where the bad text is, in values and in keys", () => {
  expect(findUnstorableText({ documents: [{ text: "ok" }, { text: "a\u0000" }] })).toEqual({ at: "documents.1.text", problem: expect.stringMatching(/NUL/) });
  expect(findUnstorableText({ attributes: { "k\u0000": 1 } })).toEqual({ at: "attributes.k\\u0000", problem: expect.stringMatching(/NUL/) });
  expect(findUnstorableText("\ud83d")).toEqual({ at: "", problem: expect.stringMatching(/surrogate/) });
  expect(findUnstorableText({ a: [1, null, true, "fine"] })).toBeNull();
});

test("hostile nesting is reported, not walked recursively into a stack overflow", () => {
  const deep = JSON.parse("[".repeat(100_000) + "]".repeat(100_000));
  expect(scanJson(deep).tooDeep).toBe(true);
  expect(findUnstorableText(deep)).toBeNull();
  let shallow: unknown = "x";
  for (let i = 0; i < MAX_JSON_DEPTH - 1; i++) shallow = [shallow];
  expect(scanJson(shallow)).toEqual({ unstorable: null, tooDeep: false });
});
