// Reads a web page as saved from a browser or a scraper into a document: the article's text
// (Mozilla's Readability, the engine of Firefox's reader view, over linkedom's DOM), and its
// metadata from the page itself — JSON-LD NewsArticle, Open Graph / article:* meta tags, <title>,
// <html lang>, the canonical link. The text keeps the article's paragraph structure (one
// paragraph per line, blank lines between blocks), the form every other import gives.
//
// Bounded: pages over MAX_HTML_BYTES or with more than MAX_ELEMENTS elements are refused with
// the reason rather than parsed (Readability scores every node; a 50 MB page would hold the
// server's one thread for everyone).
import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import { normalizePublishedOn } from "@/lib/documents/find-dates";
import type { DocumentMeta } from "@/lib/documents/parse-upload";
import { isWebUrl } from "@/lib/documents/source-url";

export const MAX_HTML_BYTES = 10 * 1024 * 1024;
export const MAX_ELEMENTS = 20_000;

export type HtmlRead = { text: string; meta: DocumentMeta & { author?: string }; evidence: Partial<Record<string, string>> };

const BLOCKS = new Set([
  "ADDRESS", "ARTICLE", "ASIDE", "BLOCKQUOTE", "DD", "DIV", "DL", "DT", "FIGCAPTION", "FIGURE", "FOOTER", "H1", "H2", "H3", "H4", "H5", "H6",
  "HEADER", "HR", "LI", "MAIN", "NAV", "OL", "P", "PRE", "SECTION", "TABLE", "TR", "UL",
]);
const SKIP = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "SVG", "BUTTON", "FORM", "IFRAME", "OBJECT"]);

// Walked by firstChild/nextSibling: linkedom keeps children in a linked list, so childNodes[i] costs O(i).
type DomNode = { nodeType: number; nodeName: string; textContent: string | null; firstChild: DomNode | null; nextSibling: DomNode | null };

/** Text of a DOM subtree: one line per block, a blank line between paragraphs, whitespace inside a line collapsed. */
export function blockText(root: DomNode): string {
  const out: string[] = [];
  let line = "";
  const flush = () => {
    const clean = line.replace(/\s+/g, " ").trim();
    if (clean) out.push(clean);
    line = "";
  };
  const walk = (node: DomNode) => {
    if (node.nodeType === 3) {
      line += node.textContent ?? "";
      return;
    }
    if (node.nodeType !== 1 || SKIP.has(node.nodeName)) return;
    if (node.nodeName === "BR") {
      flush();
      return;
    }
    const block = BLOCKS.has(node.nodeName);
    if (block) flush();
    for (let child = node.firstChild; child; child = child.nextSibling) walk(child);
    if (block) flush();
  };
  walk(root);
  flush();
  return out.join("\n\n");
}

type Json = Record<string, unknown>;
const asString = (v: unknown): string | undefined => (typeof v === "string" && v.trim() ? v.trim() : undefined);
const nameOf = (v: unknown): string | undefined => {
  if (Array.isArray(v)) return v.map(nameOf).filter(Boolean).join(", ") || undefined;
  if (v && typeof v === "object") return asString((v as Json).name);
  return asString(v);
};

/** The first JSON-LD object of a news/article type (also inside @graph arrays). */
function jsonLdArticle(document: Document): Json | null {
  for (const script of document.querySelectorAll('script[type="application/ld+json"]')) {
    let data: unknown;
    try {
      data = JSON.parse(script.textContent ?? "");
    } catch {
      continue;
    }
    const queue: unknown[] = [data];
    while (queue.length) {
      const item = queue.shift();
      if (Array.isArray(item)) queue.push(...item);
      else if (item && typeof item === "object") {
        const o = item as Json;
        if (Array.isArray(o["@graph"])) queue.push(...o["@graph"]);
        const type = ([] as unknown[]).concat(o["@type"] ?? []).map(String);
        if (type.some((t) => /Article|NewsArticle|Report|BlogPosting|WebPage/.test(t))) return o;
      }
    }
  }
  return null;
}

export class HtmlReadError extends Error {}

export function readHtml(html: string): HtmlRead {
  const bytes = Buffer.byteLength(html, "utf8");
  if (bytes > MAX_HTML_BYTES) {
    throw new HtmlReadError(`the page is ${(bytes / 1048576).toFixed(1)} MB, over the limit of ${MAX_HTML_BYTES / 1048576} MB for a web page; save the article alone (reader view) and import that`);
  }
  // Counted on the source, before any parsing (an opening tag per element).
  const elements = html.match(/<[a-zA-Z]/g)?.length ?? 0;
  if (elements > MAX_ELEMENTS) {
    throw new HtmlReadError(`the page has ${elements.toLocaleString("en")} elements, more than ${MAX_ELEMENTS.toLocaleString("en")}; save the article alone (reader view) and import that`);
  }
  const { document } = parseHTML(html);
  const meta = (selector: string) => asString(document.querySelector(selector)?.getAttribute("content"));
  const ld = jsonLdArticle(document as unknown as Document);
  const evidence: Partial<Record<string, string>> = {};
  const pick = <T>(key: string, candidates: [T | undefined, string][]): T | undefined => {
    for (const [value, from] of candidates) {
      if (value !== undefined && value !== "") {
        evidence[key] = from;
        return value;
      }
    }
    return undefined;
  };

  const title = pick("title", [
    [asString(ld?.headline), "the page's JSON-LD headline"],
    [meta('meta[property="og:title"]'), "the page's og:title"],
    [meta('meta[name="twitter:title"]'), "the page's twitter:title"],
    [asString(document.querySelector("h1")?.textContent?.replace(/\s+/g, " ")), "the page's first heading"],
    [asString(document.querySelector("title")?.textContent?.replace(/\s+/g, " ")), "the page's <title>"],
  ]);
  const publisher = pick("publisher", [
    [nameOf(ld?.publisher), "the page's JSON-LD publisher"],
    [meta('meta[property="og:site_name"]'), "the page's og:site_name"],
    [meta('meta[name="publisher"]'), "the page's publisher meta tag"],
  ]);
  const author = pick("author", [
    [nameOf(ld?.author), "the page's JSON-LD author"],
    [meta('meta[name="author"]'), "the page's author meta tag"],
    [meta('meta[property="article:author"]'), "the page's article:author"],
  ]);
  const dateCandidates: [string | undefined, string][] = [
    [asString(ld?.datePublished), "the page's JSON-LD datePublished"],
    [meta('meta[property="article:published_time"]'), "the page's article:published_time"],
    [meta('meta[name="date"]') ?? meta('meta[name="pubdate"]') ?? meta('meta[name="DC.date.issued"]'), "the page's date meta tag"],
    [asString(document.querySelector("time[datetime]")?.getAttribute("datetime")), "the page's <time> element"],
  ];
  const publishedOn = pick(
    "publishedOn",
    dateCandidates.map(([value, from]) => {
      const date = normalizePublishedOn(value);
      return [typeof date === "string" ? date : undefined, from];
    }),
  );
  const url = pick("sourceUrl", [
    [asString(document.querySelector('link[rel="canonical"]')?.getAttribute("href")), "the page's canonical link"],
    [meta('meta[property="og:url"]'), "the page's og:url"],
    [asString(ld?.url), "the page's JSON-LD url"],
  ]);
  const sourceUrl = url && isWebUrl(url) ? url : undefined;
  if (!sourceUrl) delete evidence.sourceUrl;
  const language = pick("language", [
    [asString(document.documentElement?.getAttribute("lang"))?.toLowerCase().split(/[-_]/)[0], "the page's lang attribute"],
    [asString(ld?.inLanguage)?.toLowerCase().split(/[-_]/)[0], "the page's JSON-LD inLanguage"],
  ]);

  // Readability changes the document it reads; the metadata above was read first.
  let text = "";
  try {
    const article = new Readability(document as unknown as Document, {
      maxElemsToParse: MAX_ELEMENTS,
      charThreshold: 200,
      serializer: (node: Node) => blockText(node as unknown as DomNode),
    }).parse();
    // Under a paragraph or two, Readability's pick is a guess (it keeps navigation): not an article.
    text = (article?.length ?? 0) >= 200 ? (article?.content ?? "") : "";
  } catch {
    text = "";
  }
  if (!text.trim()) {
    // Readability found no article (a short page): the body without the site's chrome.
    const { document: fresh } = parseHTML(html);
    for (const chrome of fresh.querySelectorAll("nav, header, footer, aside, script, style, noscript, form, [role=navigation], [aria-hidden=true]")) chrome.remove();
    text = blockText((fresh.body ?? fresh.documentElement) as unknown as DomNode);
    evidence.text = "the page's body without navigation, header and footer (no article found)";
  } else {
    evidence.text = "the article found by Readability (Firefox's reader view)";
  }
  // The headline usually sits outside the element Readability keeps.
  if (title && !text.split("\n\n", 3).includes(title)) text = `${title}\n\n${text}`;
  return { text, meta: { title, publisher, publishedOn, sourceUrl, language, author }, evidence };
}
