import { expect, test } from "vitest";
import { foldCodePoint, foldText, normalizeName } from "@/lib/server/knowledge/normalize-name";

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
  expect(Array.from(origins, (o) => cps[o])).toEqual(["K", "i", "m", "\n", "J", "o", "n", "g", "-", "U", "n"]);
});

test("a folded text is each code point folded in turn, separators collapsed: random texts of awkward characters", () => {
  // The plain statement of what foldText computes (it writes typed arrays for speed).
  const reference = (text: string) => {
    const cps = Array.from(text);
    let folded = "";
    const origins: number[] = [];
    for (let i = 0; i < cps.length; i++) {
      // UTF-16 unit by unit, as `origins` counts (a letter outside the BMP is two).
      for (const c of foldCodePoint(cps[i]).split("")) {
        const last = folded.at(-1) ?? "\n";
        if (c === " " && (last === " " || last === "\n")) continue;
        if (c === "\n" && last === "\n") continue;
        if (c === "\n" && last === " ") {
          folded = folded.slice(0, -1) + "\n";
          origins[origins.length - 1] = i;
          continue;
        }
        folded += c;
        origins.push(i);
      }
    }
    return { folded, origins };
  };
  const alphabet = ["a", "Z", "7", " ", "  ", "\n", "\r\n", "'", "\u2019", "-", "ß", "ﬃ", "½", "é", "e\u0301", "🇰🇵", "👍🏽", "金", "Ł", "İ", "\u2028", "。", "\uD800", "\uDC00"];
  let seed = 11;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let round = 0; round < 200; round++) {
    const text = Array.from({ length: Math.floor(random() * 40) }, () => alphabet[Math.floor(random() * alphabet.length)]).join("");
    const { folded, origins } = foldText(text);
    const expected = reference(text);
    expect(folded).toBe(expected.folded);
    expect(Array.from(origins)).toEqual(expected.origins);
  }
});
