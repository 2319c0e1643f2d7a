import { expect, test } from "vitest";
import { readQuery } from "@/lib/server/search/query-lexemes";

test("reads the lexemes of a web search: negated ones left out, quoted phrases kept together", () => {
  const query = readQuery(`'treati' <2> 'friendship' & !( 'war' <-> 'crime' ) & 'o' <-> 'brien' | 'u.s' & !'nuclear' & '3.5'`);
  expect(query.lexemes).toEqual(["treati", "friendship", "o", "brien", "u.s", "3.5"]);
  expect([...query.singles]).toEqual(["u.s", "3.5"]);
  expect(query.phrases).toEqual([
    { lexemes: ["treati", "friendship"], gaps: [2] },
    { lexemes: ["o", "brien"], gaps: [1] },
  ]);
});

test("doubled quotes and backslashes, prefix and weight marks, nested and double negation, groups", () => {
  const query = readQuery(`'a''b' & 'c\\\\d':*AB & !!'kept' & !( 'x' & !'y' ) & ( 'z' ) <-> 'w'`);
  expect(query.lexemes).toEqual(["a'b", "c\\d", "kept", "y", "z", "w"]);
  // A phrase next to a parenthesised group is not followed: its words count on their own.
  expect([...query.singles]).toEqual(["a'b", "c\\d", "kept", "y", "z", "w"]);
  expect(query.phrases).toEqual([]);
  expect(readQuery("").lexemes).toEqual([]);
  expect(readQuery(`!'war'`).lexemes).toEqual([]);
});
