import { expect, test } from "vitest";
import { CodeUnitAutomaton } from "@/lib/server/knowledge/aho-corasick";

/** Every occurrence by brute force: the reference the automaton must agree with. */
function naive(patterns: string[], text: string) {
  const out: { pattern: number; start: number; end: number }[] = [];
  const first = new Map<string, number>();
  patterns.forEach((p, i) => p && !first.has(p) && first.set(p, i));
  for (let end = 1; end <= text.length; end++) {
    for (const [p, i] of [...first].sort((a, b) => b[0].length - a[0].length)) if (end >= p.length && text.slice(end - p.length, end) === p) out.push({ pattern: i, start: end - p.length, end });
  }
  return out;
}

test("overlapping, nested and repeated patterns: every occurrence, as a scan of each position finds them", () => {
  const patterns = ["he", "she", "his", "hers", "he", "", "s", "🇰🇵", "金正恩", "正"];
  const text = "ushers said his 🇰🇵 金正恩 shehershe";
  expect([...new CodeUnitAutomaton(patterns).iterate(text)]).toEqual(naive(patterns, text));
});

test("random texts over a small alphabet agree with the scan", () => {
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const word = (n: number) => Array.from({ length: 1 + Math.floor(random() * n) }, () => "abé😀"[Math.floor(random() * 4)]).join("");
  for (let round = 0; round < 50; round++) {
    const patterns = Array.from({ length: 1 + Math.floor(random() * 8) }, () => word(4));
    const text = word(60);
    expect([...new CodeUnitAutomaton(patterns).iterate(text)]).toEqual(naive(patterns, text));
  }
});
