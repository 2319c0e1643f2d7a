import { expect, test } from "vitest";
import { foldText, normalizeName } from "@/lib/server/knowledge/normalize-name";

test("case, diacritics, punctuation and spacing do not matter", () => {
  expect(normalizeName("Kim Jong-un")).toBe("kim jong un");
  expect(normalizeName("  KIM   JONG UN ")).toBe("kim jong un");
  expect(normalizeName("P'yŏngyang")).toBe("pyongyang");
  expect(normalizeName("P\u2019yo\u0306ngyang")).toBe("pyongyang");
  expect(normalizeName("Straße in Łódź")).toBe("strasse in lodz");
  expect(normalizeName("Владимир Путин")).toBe("владимир путин");
  expect(normalizeName("Kim Jong Un 👍🏽!")).toBe("kim jong un");
  expect(normalizeName("ＫＣＮＡ")).toBe("kcna");
  expect(normalizeName("İstanbul")).toBe("istanbul");
});

test("a folded text remembers the code point every character came from", () => {
  const text = "🇰🇵 Kim\nJong-Un";
  const { folded, origins } = foldText(text);
  expect(folded).toBe("kim\njong un");
  const cps = Array.from(text);
  expect(origins.map((o) => cps[o])).toEqual(["K", "i", "m", "\n", "J", "o", "n", "g", "-", "U", "n"]);
});
