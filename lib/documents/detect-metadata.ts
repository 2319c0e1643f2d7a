// Proposes a document's title, publisher, publication date, source URL and language from its
// text, the way a person skimming a scraped news page would: the headline (not the site's
// dateline, a byline or the first long sentence), the "Source:" or "By … / <paper>" lines, the
// article's own dateline (first near the headline, else the closing one), a labelled URL. Every
// value is a proposal shown in the import preview with where it was found, to be corrected there.
// Pure and isomorphic.
import { isDateline, readDate } from "@/lib/documents/find-dates";
import { isWebUrl } from "@/lib/documents/source-url";
import { isProseLine } from "@/lib/documents/trim-furniture";

export type ProposedMeta = {
  title: string;
  publisher?: string;
  publishedOn?: string;
  sourceUrl?: string;
  language?: string;
};
/** Where each proposal came from ("the line “Source: …”"), for the preview. */
export type MetaEvidence = Partial<Record<keyof ProposedMeta, string>>;

/** Publishers the corpus field meets, by the names and web addresses they appear under. */
const PUBLISHERS: { name: string; aliases: RegExp; domains: string[] }[] = [
  { name: "KCNA", aliases: /\b(?:kcna|korean central news agency)\b(?! watch)/i, domains: ["kcna.kp", "kcna.co.jp"] },
  { name: "KCNA Watch", aliases: /\bkcna watch\b/i, domains: ["kcnawatch.org"] },
  { name: "Rodong Sinmun", aliases: /\brodong sinmun\b/i, domains: ["rodong.rep.kp"] },
  { name: "The Pyongyang Times", aliases: /\b(?:the )?pyongyang times\b/i, domains: ["pyongyangtimes.com.kp"] },
  { name: "Naenara", aliases: /\bnaenara\b/i, domains: ["naenara.com.kp"] },
  { name: "Minju Joson", aliases: /\bminju joson\b/i, domains: ["minzu.rep.kp"] },
  { name: "Uriminzokkiri", aliases: /\buriminzokkiri\b/i, domains: ["uriminzokkiri.com"] },
  { name: "Voice of Korea", aliases: /\bvoice of korea\b/i, domains: ["vok.rep.kp"] },
  { name: "DPRK Ministry of Foreign Affairs", aliases: /\bmfa\.gov\.kp\b/i, domains: ["mfa.gov.kp"] },
  { name: "TASS", aliases: /\btass\b/i, domains: ["tass.com", "tass.ru"] },
  { name: "RIA Novosti", aliases: /\bria novosti\b/i, domains: ["ria.ru"] },
  { name: "Sputnik", aliases: /\bsputnik(?:news)?\b/i, domains: ["sputniknews.com"] },
  { name: "Xinhua", aliases: /\bxinhua\b/i, domains: ["news.cn", "xinhuanet.com"] },
  { name: "Yonhap", aliases: /\byonhap\b/i, domains: ["yna.co.kr"] },
  { name: "NK News", aliases: /\bnk news\b/i, domains: ["nknews.org"] },
];

const LANGUAGE_TAG = /\s*\((en|eng|english|ru|ko|fr|es|de|zh|ja)\)\s*$/i;
const TAG_LANGUAGE: Record<string, string> = { en: "en", eng: "en", english: "en", ru: "ru", ko: "ko", fr: "fr", es: "es", de: "de", zh: "zh", ja: "ja" };
const BYLINE = /^(?:by|written by|reported by|text by|from)\s+\p{Lu}/iu;
const SOURCE_FIELD = /(?:^|\|)\s*(?:source|publisher|published by)\s*:\s*([^|]+?)\s*(?:\||$)/i;
const DATE_FIELD = /(?:^|\|)\s*(?:date|published|posted|dated|publication date)\s*:\s*([^|]+?)\s*(?:\||$)/i;
const URL_FIELD = /(?:^|\|)\s*(?:url|source|link|original|read (?:the )?original[^:]*)\s*:\s*(https?:\/\/\S+)/i;
const MORE_FROM = /^more (?:from|by)\s+(.{2,60}?)\s*$/i;
const COPYRIGHT = /(?:©|\(c\)|copyright)/i;
const DOMAIN = /\b(?:www\.)?((?:[a-z0-9-]+\.)+[a-z]{2,})\b/i;

const lines = (text: string) => text.split("\n").map((l) => l.trim());
const nonBlank = (text: string) => lines(text).filter(Boolean);
const clip = (s: string, n = 80) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const quoteLine = (line: string) => `the line “${clip(line)}”`;

const cleanPublisher = (raw: string) => raw.replace(LANGUAGE_TAG, "").replace(/^the\s+(?=pyongyang times)/i, "The ").trim();

function knownPublisher(fragment: string): string | null {
  for (const p of PUBLISHERS) if (p.aliases.test(fragment)) return p.name;
  const domain = fragment.match(DOMAIN)?.[1]?.toLowerCase();
  if (domain) for (const p of PUBLISHERS) if (p.domains.some((d) => domain === d || domain.endsWith(`.${d}`))) return p.name;
  return null;
}

/** A headline: a short line that is not a dateline, byline, label or the first sentence of the prose. */
function isHeadline(line: string): boolean {
  if (line.length < 3 || line.length > 160) return false;
  if (isProseLine(line) || isDateline(line) || BYLINE.test(line)) return false;
  if (SOURCE_FIELD.test(line) || DATE_FIELD.test(line) || line.includes(" | ")) return false;
  if (/^https?:\/\//i.test(line)) return false;
  // A sentence of some length ends with a full stop; a headline rarely does.
  const words = line.split(/\s+/).length;
  if (/[.。]$/.test(line) && words > 8) return false;
  return words <= 30 && /\p{L}/u.test(line);
}

/** The first sentence of the prose, cut at a word boundary: a title for a text that has no headline. */
function leadTitle(text: string, max = 80): string {
  const first = nonBlank(text)[0] ?? "";
  const sentence = first.match(/^.+?[.!?](?=\s|$)/)?.[0] ?? first;
  if ([...sentence].length <= max) return sentence;
  const cut = [...sentence].slice(0, max - 1).join("");
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:–—-]+$/, "")}…`;
}

export function proposeTitle(text: string): { title: string; evidence: string } {
  const head: string[] = [];
  for (const line of nonBlank(text)) {
    if (isProseLine(line) || head.length >= 12) break;
    head.push(line);
  }
  const headline = head.find(isHeadline);
  if (headline) return { title: headline, evidence: "the first headline-like line" };
  const title = leadTitle(text);
  return { title, evidence: "no headline line: the start of the first sentence" };
}

function proposeDate(text: string): { value: string; evidence: string } | null {
  const all = nonBlank(text);
  const note = (d: { note?: string }) => (d.note ? ` (${d.note})` : "");
  // 1. A labelled date ("Date: 04/08/2024 | Source: …").
  for (const line of all.slice(0, 40)) {
    const field = line.match(DATE_FIELD)?.[1];
    const date = field ? readDate(field, text) : null;
    if (date) return { value: date.value, evidence: `${quoteLine(line)}${note(date)}` };
  }
  // 2. The article's dateline near its headline.
  for (const line of all.slice(0, 12)) {
    if (isProseLine(line)) break;
    // A line shaped like a date may name none ("2019-02-30"): then it is not the dateline.
    const date = isDateline(line) ? readDate(line, text) : null;
    if (date) return { value: date.value, evidence: `the dateline “${line}”${note(date)}` };
  }
  // 3. A closing dateline ("Pyongyang, April 23, Juche 109(2020)") or a source note with a date
  //    ("(Abridgment compiled from Rodong Sinmun and KCNA - April 23, 2020)").
  for (const line of all.slice(-4).reverse()) {
    const sourceNote = line.match(/^\((.{0,200}?)\)$/)?.[1];
    const date = isDateline(line) || (sourceNote && readDate(sourceNote, text)) ? readDate(line, text) : null;
    if (date) {
      return { value: date.value, evidence: `${isDateline(line) ? "the closing dateline" : "the closing source note"} “${clip(line)}”${note(date)}` };
    }
  }
  return null;
}

function proposePublisher(text: string, removed: string): { value: string; evidence: string } | null {
  const all = nonBlank(text);
  const head = all.slice(0, 15);
  // 1. "Source: …" / "Publisher: …"
  for (const line of [...head, ...nonBlank(removed)]) {
    const field = line.match(SOURCE_FIELD)?.[1];
    if (field && !/^https?:/i.test(field)) return { value: knownPublisher(field) ?? cleanPublisher(field), evidence: quoteLine(line) };
  }
  // 2. The paper under a byline ("By Ri Hak Nam" / "Rodong Sinmun").
  for (let i = 0; i < head.length - 1; i++) {
    if (BYLINE.test(head[i]) && head[i + 1].length <= 60 && !isProseLine(head[i + 1])) {
      const name = knownPublisher(head[i + 1]);
      if (name) return { value: name, evidence: `the line under the byline “${head[i]}”` };
    }
  }
  // 3. The site's own lines, including what the trim cut: "More From …", a copyright line with the
  //    site's name or address, a section label.
  const furniture = [...nonBlank(removed), ...all.slice(-3), ...head];
  for (const line of furniture) {
    const more = line.match(MORE_FROM)?.[1];
    if (more) return { value: knownPublisher(more) ?? cleanPublisher(more), evidence: quoteLine(line) };
  }
  for (const line of furniture) {
    if (COPYRIGHT.test(line) || line.length <= 60) {
      const name = knownPublisher(line);
      if (name && (COPYRIGHT.test(line) || DOMAIN.test(line) || line.length <= 40)) return { value: name, evidence: quoteLine(line) };
    }
  }
  // 4. A closing source note naming a paper ("(… compiled from Rodong Sinmun and KCNA …)").
  for (const line of all.slice(-4)) {
    const name = /^\(.*\)$/.test(line) ? knownPublisher(line) : null;
    if (name) return { value: name, evidence: `the closing source note “${clip(line)}”` };
  }
  return null;
}

function proposeSourceUrl(text: string, removed: string): { value: string; evidence: string } | null {
  for (const line of [...nonBlank(text), ...nonBlank(removed)]) {
    const url = line.match(URL_FIELD)?.[1] ?? (/^https?:\/\/\S+$/i.test(line) ? line : null);
    const clean = url?.replace(/[).,;]+$/, "");
    if (clean && isWebUrl(clean)) return { value: clean, evidence: quoteLine(line) };
  }
  return null;
}

const STOPWORDS: Record<string, RegExp> = {
  en: /\b(?:the|and|of|to|in|is|that|with|for|was)\b/gi,
  fr: /\b(?:le|la|les|et|des|est|une|dans|pour|que)\b/gi,
  de: /\b(?:der|die|das|und|ist|nicht|mit|ein|eine|den)\b/gi,
  es: /\b(?:el|los|las|y|que|una|del|por|con|para)\b/gi,
};

function proposeLanguage(text: string, labels: string): { value: string; evidence: string } | null {
  const tag = labels.match(/\((en|eng|english|ru|ko|fr|es|de|zh|ja)\)/i)?.[1];
  if (tag) return { value: TAG_LANGUAGE[tag.toLowerCase()], evidence: `the site's label “(${tag})”` };
  const sample = text.slice(0, 20_000);
  const letters = sample.match(/\p{L}/gu)?.length ?? 0;
  if (letters < 40) return null;
  const share = (re: RegExp) => (sample.match(re)?.length ?? 0) / letters;
  if (share(/\p{Script=Hangul}/gu) > 0.3) return { value: "ko", evidence: "mostly Hangul" };
  if (share(/\p{Script=Cyrillic}/gu) > 0.3) return { value: "ru", evidence: "mostly Cyrillic" };
  if (share(/[\p{Script=Hiragana}\p{Script=Katakana}]/gu) > 0.1) return { value: "ja", evidence: "kana" };
  if (share(/\p{Script=Han}/gu) > 0.3) return { value: "zh", evidence: "mostly Han characters" };
  const words = sample.split(/\s+/).length;
  const best = Object.entries(STOPWORDS)
    .map(([lang, re]) => [lang, (sample.match(re)?.length ?? 0) / words] as const)
    .sort((a, b) => b[1] - a[1])[0];
  return best && best[1] > 0.08 ? { value: best[0], evidence: "its most common words" } : null;
}

/**
 * Proposals for a text as it will be stored (`kept`), with what the trim removed (`removed`, the
 * site's lines, which still say who published it).
 */
export function proposeMetadata(kept: string, removed = ""): { meta: ProposedMeta; evidence: MetaEvidence } {
  const title = proposeTitle(kept);
  const meta: ProposedMeta = { title: title.title };
  const evidence: MetaEvidence = { title: title.evidence };
  const whole = `${removed}\n${kept}`;
  const found = {
    publisher: proposePublisher(kept, removed),
    publishedOn: proposeDate(kept) ?? proposeDate(whole),
    sourceUrl: proposeSourceUrl(kept, removed),
    language: proposeLanguage(kept, whole.split("\n").filter((l) => l.length < 80).join("\n")),
  };
  for (const [key, value] of Object.entries(found) as [keyof typeof found, { value: string; evidence: string } | null][]) {
    if (!value) continue;
    meta[key] = value.value;
    evidence[key] = value.evidence;
  }
  return { meta, evidence };
}
