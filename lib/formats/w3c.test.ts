import { describe, expect, test } from "vitest";
import { annotate, batchOf, exportDocument, label } from "@/lib/formats/export-test-support";
import { createW3cWriter } from "@/lib/formats/w3c";
import { writeText } from "@/lib/formats/writer";

// Key constraints hand-translated from the W3C Web Annotation test suite's JSON Schemas
// (web-platform-tests/wpt, annotation-model/definitions/: annotations.json — @context, type,
// motivationList; collections.json — AnnotationCollection/AnnotationPage types, total, first, last,
// items; specificResource.json — source, TextQuoteSelector, TextPositionSelector;
// otherProperties.json — created/modified date-time, creator; textualBody.json — value).
const MOTIVATIONS = ["assessing", "bookmarking", "classifying", "commenting", "describing", "editing", "highlighting", "identifying", "linking", "moderating", "questioning", "replying", "tagging"];
const SELECTORS = ["FragmentSelector", "CssSelector", "XPathSelector", "TextQuoteSelector", "TextPositionSelector", "DataPositionSelector", "SvgSelector", "RangeSelector"];

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const many = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
const isUri = (v: unknown) => typeof v === "string" && /^[a-z][a-z0-9+.-]*:[^\s]+$/i.test(v) && URL.canParse(v);
const isDateTime = (v: unknown) => typeof v === "string" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(v);
const isCount = (v: unknown) => Number.isInteger(v) && (v as number) >= 0;
const hasType = (v: Json, type: string) => many(v.type).includes(type);

function selectorProblems(s: unknown, at: string): string[] {
  if (isUri(s)) return [];
  if (!isObject(s) || !SELECTORS.some((t) => hasType(s, t))) return [`${at}: not a selector of the model`];
  const p: string[] = [];
  if (hasType(s, "TextQuoteSelector")) {
    if (typeof s.exact !== "string") p.push(`${at}.exact must be a string`);
    for (const k of ["prefix", "suffix"]) if (k in s && typeof s[k] !== "string") p.push(`${at}.${k} must be a string`);
  }
  if (hasType(s, "TextPositionSelector")) {
    if (!isCount(s.start) || !isCount(s.end)) p.push(`${at}: start and end must be integers ≥ 0`);
    else if ((s.start as number) > (s.end as number)) p.push(`${at}: start after end`);
  }
  return p;
}

function resourceProblems(r: unknown, at: string): string[] {
  if (isUri(r)) return [];
  if (!isObject(r)) return [`${at}: must be an IRI or an object`];
  const p: string[] = [];
  if (hasType(r, "TextualBody") && typeof r.value !== "string") p.push(`${at}: TextualBody needs a string value`);
  if ("purpose" in r && !many(r.purpose).every((m) => MOTIVATIONS.includes(m as string))) p.push(`${at}.purpose ${JSON.stringify(r.purpose)} not in the model`);
  if ("source" in r && !isUri(r.source)) p.push(`${at}.source must be an IRI`);
  if ("selector" in r) many(r.selector).forEach((s, i) => p.push(...selectorProblems(s, `${at}.selector[${i}]`)));
  if (!hasType(r, "TextualBody") && !("source" in r) && !isUri(r.id)) p.push(`${at}: needs an id, a source or to be a TextualBody`);
  return p;
}

function annotationProblems(a: unknown, at: string): string[] {
  if (!isObject(a)) return [`${at}: not an object`];
  const p: string[] = [];
  if (!isUri(a.id)) p.push(`${at}.id must be an IRI`);
  if (!hasType(a, "Annotation")) p.push(`${at}.type must be Annotation`);
  if (!("target" in a)) p.push(`${at}.target is required`);
  many(a.target).forEach((t, i) => p.push(...resourceProblems(t, `${at}.target[${i}]`)));
  many(a.body).forEach((b, i) => p.push(...resourceProblems(b, `${at}.body[${i}]`)));
  const motivations = many(a.motivation);
  if ("motivation" in a && (motivations.length === 0 || !motivations.every((m) => MOTIVATIONS.includes(m as string)))) p.push(`${at}.motivation ${JSON.stringify(a.motivation)} not in the model`);
  for (const k of ["created", "modified"]) if (k in a && !isDateTime(a[k])) p.push(`${at}.${k} must be a date-time`);
  if ("creator" in a && !many(a.creator).every((c) => isUri(c) || (isObject(c) && isUri(c.id)))) p.push(`${at}.creator must be an IRI or an agent with an id`);
  return p;
}

function collectionProblems(c: unknown): string[] {
  if (!isObject(c)) return ["collection: not an object"];
  const p: string[] = [];
  const context = c["@context"];
  if (context !== "http://www.w3.org/ns/anno.jsonld" && !(Array.isArray(context) && context.includes("http://www.w3.org/ns/anno.jsonld"))) p.push("@context must include anno.jsonld");
  if (!isUri(c.id)) p.push("collection id must be an IRI");
  if (!hasType(c, "AnnotationCollection")) p.push("type must be AnnotationCollection");
  if ("label" in c && typeof c.label !== "string") p.push("label must be a string");
  if ("total" in c && !isCount(c.total)) p.push("total must be an integer ≥ 0");
  if ((c.total as number) > 0 && !("first" in c)) p.push("first is required when total > 0");
  if ("last" in c && !isUri(c.last)) p.push("last must be an IRI");
  const first = c.first;
  if (isObject(first)) {
    if (!hasType(first, "AnnotationPage")) p.push("first.type must be AnnotationPage");
    if (!isUri(first.id)) p.push("first.id must be an IRI");
    if (!Array.isArray(first.items)) p.push("first.items must be an array");
    else first.items.forEach((a, i) => p.push(...(isUri(a) ? [] : annotationProblems(a, `items[${i}]`))));
  } else if ("first" in c && !isUri(first)) {
    p.push("first must be an IRI or an AnnotationPage");
  }
  return p;
}

const claim = label("Claim", "CLAIM");
const person = label("Person", "ENTITY");
const event = label("Protest march", "EVENT");

function fixture() {
  const doc = exportDocument("Ada Lovelace said 👍🏽 the engine\nwould compose music. The march began.", { id: "doc-1" });
  const ada = annotate(doc, "Ada Lovelace", person);
  const said = annotate(doc, "the engine\nwould compose music", claim, { attributes: { claimantId: ada.id, stance: "supportive" }, note: "Paraphrase,\nnot a quote" });
  const march = annotate(doc, "march", event, { attributes: { participantIds: [ada.id, "not-in-this-batch"] }, gold: true });
  return { doc, ada, said, march, batch: batchOf(doc, [ada, said, march]) };
}

const options = { baseUrl: "https://annotate.example.org/", project: { id: "proj-1", name: "Speeches", description: "" } };

describe("W3C Web Annotation export", () => {
  test("the collection and every annotation satisfy the model's constraints", () => {
    const { batch } = fixture();
    const json = JSON.parse(writeText(createW3cWriter(options), [batch]));
    expect(collectionProblems(json)).toEqual([]);
    expect(json.total).toBe(json.first.items.length);
    expect(json.last).toBe(json.first.id);
  });

  test("the validator rejects what the model forbids, so the test above can fail", () => {
    const { batch } = fixture();
    const json = JSON.parse(writeText(createW3cWriter(options), [batch]));
    const item = json.first.items[0];
    item.motivation = "highlight";
    item.target.selector[1].start = -1;
    item.target.selector.push({ type: "TextRangeSelector" });
    item.body[0].purpose = "labelling";
    json.total = "3";
    expect(collectionProblems(json)).toEqual([
      "total must be an integer ≥ 0",
      "items[0].target[0].selector[1]: start and end must be integers ≥ 0",
      "items[0].target[0].selector[2]: not a selector of the model",
      'items[0].body[0].purpose "labelling" not in the model',
      'items[0].motivation "highlight" not in the model',
    ]);
  });

  test("a span annotation: IRIs from the base URL, tagging body, note, selectors in code points", () => {
    const { said, doc } = fixture();
    const json = JSON.parse(writeText(createW3cWriter(options), [batchOf(doc, [said])]));
    const [item] = json.first.items;
    expect(item.id).toBe(`https://annotate.example.org/api/annotations/${said.id}`);
    expect(item.motivation).toBe("tagging");
    expect(item.creator).toEqual({ id: "https://annotate.example.org/users/user-1", type: "Person", name: "Ada Annotator" });
    expect(item.body).toEqual([
      { type: "TextualBody", purpose: "tagging", value: "Claim" },
      { type: "TextualBody", purpose: "commenting", value: "Paraphrase,\nnot a quote", format: "text/plain" },
    ]);
    expect(item.target.source).toBe("https://annotate.example.org/documents/doc-1");
    // "👍🏽" is two code points but four UTF-16 units: in UTF-16 the span would start at 23.
    expect(item.target.selector[1]).toEqual({ type: "TextPositionSelector", start: 21, end: 51 });
    expect(item.target.selector[0].exact).toBe("the engine\nwould compose music");
    expect(item["wb:attributes"]).toEqual({ claimantId: said.attributes.claimantId, stance: "supportive" });
    expect(item["wb:kind"]).toBe("CLAIM");
    expect(json["@context"][0]).toBe("http://www.w3.org/ns/anno.jsonld");
  });

  test("relations become linking annotations between the two annotations' IRIs", () => {
    const { batch, ada, said, march } = fixture();
    const items = JSON.parse(writeText(createW3cWriter(options), [batch])).first.items;
    const links = items.filter((i: Json) => i.motivation === "linking");
    const iri = (id: string) => `https://annotate.example.org/api/annotations/${id}`;
    // The participant outside the batch is left out: a link needs both ends in the file.
    expect(links.map((l: Json) => [l.target, (l.body as Json[])[0].source, (l.body as Json[])[1].value])).toEqual([
      [iri(said.id), iri(ada.id), "claimant"],
      [iri(march.id), iri(ada.id), "participant"],
    ]);
  });

  test("streams: one valid JSON document over many batches, total counted at the end", () => {
    const { doc, ada } = fixture();
    const doc2 = exportDocument("Second text", { id: "doc-2" });
    const writer = createW3cWriter(options);
    const parts = [writer.header(), writer.batch(batchOf(doc, [ada])), writer.batch(batchOf(doc2, [])), writer.batch(batchOf(doc2, [annotate(doc2, "text", person)])), writer.footer()];
    const json = JSON.parse(parts.join(""));
    expect(json.first.items).toHaveLength(2);
    expect(json.total).toBe(2);
    expect(writer.summary()).toEqual({ documents: 3, annotations: 2, relations: 0, items: 2 });
    const empty = createW3cWriter(options);
    expect(JSON.parse(empty.header() + empty.footer())).toMatchObject({ total: 0, first: { items: [] } });
  });

  test("refuses a relative base URL, which would make every IRI invalid", () => {
    expect(() => createW3cWriter({ ...options, baseUrl: "/api" })).toThrow();
  });
});
