import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { canonicalizeText } from "@/lib/anchoring/canonical-text";
import { proposeMetadata, proposeTitle } from "@/lib/documents/detect-metadata";
import { applyTrim, planTrim } from "@/lib/documents/trim-furniture";

const corpus = (file: string) =>
  canonicalizeText(fs.readFileSync(path.resolve(import.meta.dirname, "../../prisma/seed/corpus", file), "utf8"));

/** What the importer does: cut both ends, then propose from what is kept and what was cut. */
function imported(file: string) {
  const text = corpus(file);
  const plan = planTrim(text);
  const kept = applyTrim(text, plan, { head: true, tail: true });
  const removed = [...(plan.head?.lines.map((l) => l.text) ?? []), plan.tail?.removed ?? ""].join("\n");
  return { kept, plan, ...proposeMetadata(kept, removed) };
}

// The five sample articles, with the metadata a researcher reading them would write down.
test.each([
  ["000_ae8d796d95327752.txt", "April 25 is a meaningful day that marks the 5 th anniversary of the first…", "Ministry of Foreign Affairs", "2024-04-25", "en"],
  ["001_0911b02dd773d832.txt", "Historic DPRK-Russia milestone", "Rodong Sinmun", "2020-04-23", "en"],
  ["002_3a0c81bb4ec1f5d5.txt", "Korea-Russia Friendship Gains Momentum on the Road of Independence and Justice", "Ministry of Foreign Affairs", "2024-08-04", "en"],
  ["003_6887a0317dca4ed2.txt", "DPRK, Russia promote traditional friendship", "The Pyongyang Times", "2022-10-12", "en"],
  [
    "004_13ccf5689b473067.txt",
    "Press Statement by Im Chon Il, Vice-Minister for Russian Affairs, Ministry of Foreign Affairs of the Democratic People’s Republic of Korea",
    undefined,
    "2020-04-23",
    "en",
  ],
])("sample article %s: title, publisher, date and language are proposed", (file, title, publisher, publishedOn, language) => {
  const { meta, evidence } = imported(file);
  expect(meta).toEqual({ title, ...(publisher ? { publisher } : {}), publishedOn, language });
  // Each proposal says where it came from.
  for (const key of Object.keys(meta)) expect(evidence[key as keyof typeof evidence]).toBeTruthy();
});

test("article 002: the site's header lines are cut, the headline stays first", () => {
  const { kept, plan } = imported("002_3a0c81bb4ec1f5d5.txt");
  expect(plan.head!.lines.map((l) => l.text)).toEqual([
    "July 05, 2025Jul 05, 2025",
    "KCNA Ministry of Foreign Affairs (EN)",
    "Date: 04/08/2024 | Source: Ministry of Foreign Affairs (EN) | Read original version at source",
  ]);
  expect(kept.startsWith("Korea-Russia Friendship Gains Momentum on the Road of Independence and Justice\n\nWith the traditional relations")).toBe(true);
  expect(kept.endsWith("higher stage of its development.")).toBe(true);
});

test("the other sample articles keep their headers: headline, byline and the article's own dateline are not furniture", () => {
  for (const file of ["000_ae8d796d95327752.txt", "001_0911b02dd773d832.txt", "003_6887a0317dca4ed2.txt", "004_13ccf5689b473067.txt"]) {
    expect(planTrim(corpus(file)).head, file).toBeNull();
  }
});

test("the ambiguous 04/08/2024 is read by what the text itself mentions, else only the year is proposed", () => {
  const header = "Date: 04/08/2024 | Source: Example Daily\n\n";
  const body = "The agreement was signed on that day by both ministers, who met again in the capital a week later for talks.";
  expect(proposeMetadata(`Headline\n${header}On April 8 the ministers met. ${body}`).meta.publishedOn).toBe("2024-04-08");
  const unclear = proposeMetadata(`Headline\n${header}${body}`);
  expect(unclear.meta.publishedOn).toBe("2024");
  expect(unclear.evidence.publishedOn).toContain("could be 4 August or April 8");
});

test("datelines in the DPRK calendar and other common forms", () => {
  const body = "\n\nThe two sides discussed the questions of mutual concern in a warm and friendly atmosphere for a long time.";
  expect(proposeMetadata(`Talks held\nPyongyang, May 3, Juche 113(2024)${body}`).meta.publishedOn).toBe("2024-05-03");
  expect(proposeMetadata(`Talks held\n3 May 2024${body}`).meta.publishedOn).toBe("2024-05-03");
  expect(proposeMetadata(`Talks held\nMOSCOW, Oct. 12, 2022 —${body}`).meta.publishedOn).toBe("2022-10-12");
  expect(proposeMetadata(`Talks held${body}\n\nPyongyang, Juche 113(2024)`).meta.publishedOn).toBe("2024");
  // A photo caption with a place and a date is not the article's dateline.
  expect(proposeMetadata(`Talks held\nKim Jong Un and Vladimir Putin, Vladivostok, April 25, 2019${body}`).meta.publishedOn).toBeUndefined();
});

test("bylines, datelines and long first sentences are not titles", () => {
  expect(proposeTitle("By Jane Roe\nOctober 12, 2022\nThe real headline\n\nBody text that goes on for a while, in sentences of some length, as articles do.").title).toBe("The real headline");
  const lead = "Officials from both countries met on Tuesday in the capital to discuss trade, energy and a range of other questions that had been left open.";
  expect(proposeTitle(`${lead}\nMore text.`).title).toBe("Officials from both countries met on Tuesday in the capital to discuss trade…");
  expect(proposeTitle("Short sentence title.\n\n" + lead).title).toBe("Short sentence title.");
});

test("navigation, share buttons and breadcrumbs at the top are cut; a source URL line is proposed", () => {
  const text = [
    "Skip to content",
    "Home > World > Asia",
    "Share: Facebook | Twitter | Telegram",
    "Leaders meet in the capital",
    "Source: https://news.example.org/2024/05/leaders-meet",
    "",
    "The leaders of the two countries met in the capital on Friday and signed three agreements on trade and transport links.",
  ].join("\n");
  const plan = planTrim(text);
  expect(plan.head!.lines.map((l) => l.reason)).toEqual(["navigation", "navigation", "share buttons"]);
  const kept = applyTrim(text, plan, { head: true, tail: false });
  expect(kept.split("\n")[0]).toBe("Leaders meet in the capital");
  expect(proposeMetadata(kept).meta).toMatchObject({ title: "Leaders meet in the capital", sourceUrl: "https://news.example.org/2024/05/leaders-meet", language: "en" });
  // Either end's cut is optional.
  expect(applyTrim(text, plan, { head: false, tail: false })).toBe(text);
});

test("a line shaped like a date that names no day (2019-02-30) proposes no date instead of failing the import", () => {
  expect(proposeMetadata("2019-02-30").meta.publishedOn).toBeUndefined();
  expect(proposeMetadata("Headline of the day\n\nText of the article.\n\n2019-02-30").meta.publishedOn).toBeUndefined();
});
