import { expect, test } from "vitest";
import { anchor } from "@/lib/anchoring/reanchor";
import { parseW3c } from "@/lib/formats/import/w3c";

const CONTEXT = "http://www.w3.org/ns/anno.jsonld";
const DOC = "https://annotate.example.org/documents/0190F5C2-6a1b-7c3d-8e4f-0123456789ab";
const TEXT = "Summit 🤝 in 2019: Kim Jong Un met Putin in Vladivostok.";
const cpStart = (needle: string) => Array.from(TEXT.slice(0, TEXT.indexOf(needle))).length;

function tagging(id: string, label: string, needle: string, extra: Record<string, unknown> = {}) {
  const start = cpStart(needle);
  return {
    "@context": CONTEXT,
    id,
    type: "Annotation",
    motivation: "tagging",
    body: [{ type: "TextualBody", purpose: "tagging", value: label }],
    target: {
      source: DOC,
      selector: [
        { type: "TextQuoteSelector", exact: needle, prefix: "", suffix: "" },
        { type: "TextPositionSelector", start, end: start + Array.from(needle).length },
      ],
    },
    ...extra,
  };
}

test("a single annotation: label from the tagging body, note, creator, our extensions, and our document id", () => {
  const one = tagging("https://x/api/annotations/a1", "Person", "Putin", {
    body: [
      { type: "TextualBody", purpose: "tagging", value: "Person" },
      { type: "TextualBody", purpose: "commenting", value: "President of Russia", format: "text/plain" },
    ],
    creator: { id: "https://x/users/u1", type: "Person", name: "Ada Annotator" },
    "wb:reviewState": "ACCEPTED",
    "wb:attributes": { canonicalName: "Vladimir Putin" },
  });
  const set = parseW3c("one.jsonld", JSON.stringify(one));
  expect(set).toEqual({
    format: "w3c",
    problems: [],
    documents: [
      {
        key: DOC,
        documentId: "0190f5c2-6a1b-7c3d-8e4f-0123456789ab",
        relations: [],
        annotations: [
          {
            key: "https://x/api/annotations/a1",
            label: "Person",
            start: cpStart("Putin"),
            end: cpStart("Putin") + 5,
            exact: "Putin",
            prefix: "",
            suffix: "",
            attributes: { canonicalName: "Vladimir Putin" },
            note: "President of Russia",
            creatorName: "Ada Annotator",
            reviewState: "ACCEPTED",
            offsetUnit: "codepoint",
          },
        ],
      },
    ],
  });
  const [a] = set.documents[0].annotations;
  expect(anchor(TEXT, a, a.offsetUnit)).toMatchObject({ status: "accepted", exact: "Putin" });
});

test("a collection's embedded pages are all read, following next; a page only linked by IRI is reported", () => {
  const collection = {
    "@context": CONTEXT,
    type: "AnnotationCollection",
    first: {
      type: "AnnotationPage",
      items: [tagging("a1", "Person", "Kim Jong Un")],
      next: { type: "AnnotationPage", items: [tagging("a2", "Person", "Putin")], next: "https://x/page/3" },
    },
  };
  const set = parseW3c("c.jsonld", JSON.stringify(collection));
  expect(set.documents[0].annotations.map((a) => a.key)).toEqual(["a1", "a2"]);
  expect(set.problems).toEqual([{ file: "c.jsonld", message: "the next page is only referenced (https://x/page/3), not included in the file; export with the pages embedded" }]);

  const linked = parseW3c("c.jsonld", JSON.stringify({ ...collection, first: "https://x/page/1" }));
  expect(linked.documents).toEqual([]);
  expect(linked.problems[0].message).toMatch(/collection's first page is only referenced/);
  // A bare page, and a bare array.
  expect(parseW3c("p.json", JSON.stringify({ type: "AnnotationPage", items: [tagging("a3", "Place", "Vladivostok")] })).documents[0].annotations[0].label).toBe("Place");
  expect(parseW3c("arr.json", JSON.stringify([tagging("a4", "Person", "Putin"), tagging("a5", "Place", "Vladivostok")])).documents[0].annotations).toHaveLength(2);
});

test("Hypothesis annotations: tags are labels, the text body a note, UTF-16 positions with the option", () => {
  const start = TEXT.indexOf("Putin"); // Hypothesis counts UTF-16 units in the page
  const hypothesis = {
    "@context": CONTEXT,
    type: "Annotation",
    id: "https://hypothes.is/a/abc123",
    created: "2024-05-01T10:00:00Z",
    creator: "acct:ada@hypothes.is",
    body: [
      { type: "TextualBody", value: "Check this **name**", format: "text/markdown" },
      { type: "TextualBody", purpose: "tagging", value: "Person" },
      { type: "TextualBody", purpose: "tagging", value: "leader" },
    ],
    target: [
      {
        source: "https://news.example/summit",
        selector: [
          { type: "RangeSelector", startSelector: { type: "XPathSelector", value: "/p[1]" }, endSelector: { type: "XPathSelector", value: "/p[1]" } },
          { type: "TextPositionSelector", start, end: start + 5 },
          { type: "TextQuoteSelector", exact: "Putin", prefix: "Kim Jong Un met ", suffix: " in Vladivostok" },
        ],
      },
    ],
  };
  const set = parseW3c("h.json", JSON.stringify(hypothesis), { offsetUnit: "utf16" });
  const [doc] = set.documents;
  expect(doc).toMatchObject({ key: "https://news.example/summit", sourceUrl: "https://news.example/summit" });
  expect(doc.documentId).toBeUndefined();
  expect(doc.annotations[0]).toMatchObject({ label: "Person", note: "Check this **name**", creatorName: "acct:ada@hypothes.is", start, offsetUnit: "utf16" });
  expect(set.problems).toEqual([{ file: "h.json", message: 'annotation https://hypothes.is/a/abc123 has 2 tags; the first, "Person", is its label; "leader" was left out' }]);
  expect(anchor(TEXT, doc.annotations[0], doc.annotations[0].offsetUnit)).toEqual({ status: "accepted", start: cpStart("Putin"), end: cpStart("Putin") + 5, exact: "Putin" });
});

test("Hypothesis's own export file (tags, text, user_info) is read too", () => {
  const file = {
    export_date: "2024-05-01T10:00:00Z",
    annotations: [
      {
        id: "h1",
        uri: "https://news.example/summit",
        text: "a note",
        tags: ["Place"],
        user: "acct:ada@hypothes.is",
        user_info: { display_name: "Ada" },
        target: [{ source: "https://news.example/summit", selector: [{ type: "TextQuoteSelector", exact: "Vladivostok" }] }],
      },
    ],
  };
  const set = parseW3c("hypothesis-export.json", JSON.stringify(file));
  expect(set.documents[0].annotations).toEqual([{ key: "h1", label: "Place", exact: "Vladivostok", attributes: {}, note: "a note", creatorName: "Ada", offsetUnit: "codepoint" }]);
});

test("Recogito-style and minimal bodies: classifying, a plain value, a string body; a single selector object", () => {
  const target = { source: "urn:doc:1", selector: { type: "TextQuoteSelector", exact: "Putin" } };
  const items = [
    { id: "r1", type: "Annotation", body: [{ type: "TextualBody", purpose: "classifying", value: "PERSON" }], target },
    { id: "r2", type: "Annotation", body: { type: "TextualBody", value: "Person" }, target },
    { id: "r3", type: "Annotation", body: "http://vocab.example/Person", target },
  ];
  const set = parseW3c("r.json", JSON.stringify(items));
  expect(set.problems).toEqual([]);
  expect(set.documents).toHaveLength(1);
  expect(set.documents[0]).toMatchObject({ key: "urn:doc:1" });
  expect(set.documents[0].sourceUrl).toBeUndefined();
  expect(set.documents[0].annotations.map((a) => [a.key, a.label, a.exact])).toEqual([
    ["r1", "PERSON", "Putin"],
    ["r2", "Person", "Putin"],
    ["r3", "http://vocab.example/Person", "Putin"],
  ]);
});

test("items that cannot be read are reported one by one, and the good ones are kept", () => {
  const good = tagging("good", "Person", "Putin");
  const items = [
    good,
    42,
    { id: "no-target", type: "Annotation", body: "Person" },
    { id: "whole", type: "Annotation", body: "Person", target: "https://news.example/summit" },
    { id: "fragment", type: "Annotation", body: "Person", target: { source: DOC, selector: { type: "FragmentSelector", value: "xywh=1,2,3,4" } } },
    { id: "comment", type: "Annotation", motivation: "commenting", bodyValue: "Nice!", target: good.target },
    { id: "badpos", type: "Annotation", body: "Person", target: { source: DOC, selector: [{ type: "TextPositionSelector", start: "3", end: "8" }, { type: "TextQuoteSelector", exact: "Putin" }] } },
    { ...good },
  ];
  const set = parseW3c("bad.json", JSON.stringify(items));
  expect(set.documents[0].annotations.map((a) => [a.key, a.start])).toEqual([
    ["good", cpStart("Putin")],
    ["badpos", undefined],
  ]);
  expect(set.problems.map((p) => p.message)).toEqual([
    "item 2 is not an annotation; skipped",
    "annotation no-target has no target; skipped",
    "annotation whole targets the whole resource https://news.example/summit, not a passage of its text; skipped",
    "annotation fragment has no TextQuoteSelector or TextPositionSelector (only FragmentSelector); skipped",
    'annotation comment has no label (no body with purpose "tagging" or "classifying", and no plain body value); skipped',
    'annotation badpos has a TextPositionSelector without whole-number start and end ("3", "8"); its quote is used',
    "annotation good appears twice; kept the first",
  ]);
});

test("linking annotations (how our export writes relations) become relations between the linked annotations", () => {
  const items = [
    tagging("https://x/api/annotations/a1", "Claim", "met Putin"),
    tagging("https://x/api/annotations/a2", "Person", "Kim Jong Un"),
    {
      id: "https://x/api/annotations/a1#claimant-a2",
      type: "Annotation",
      motivation: "linking",
      body: [
        { type: "SpecificResource", source: "https://x/api/annotations/a2", purpose: "linking" },
        { type: "TextualBody", purpose: "tagging", value: "claimant" },
      ],
      target: "https://x/api/annotations/a1",
    },
    { id: "dangling", type: "Annotation", motivation: "linking", body: [{ type: "SpecificResource", source: "https://x/api/annotations/zz" }], target: "https://x/api/annotations/a1" },
  ];
  const set = parseW3c("links.jsonld", JSON.stringify({ "@context": CONTEXT, type: "AnnotationPage", items }));
  expect(set.documents[0].relations).toEqual([{ fromKey: "https://x/api/annotations/a1", toKey: "https://x/api/annotations/a2", type: "claimant" }]);
  expect(set.problems).toEqual([
    { file: "links.jsonld", message: "link dangling ends at https://x/api/annotations/zz, which is not an annotation of the same document in this file; skipped" },
  ]);
});

test("broken JSON and non-annotation JSON are reported for the whole file", () => {
  const broken = parseW3c("broken.json", '{\n  "type": "Annotation",\n  "body": oops\n}');
  expect(broken.documents).toEqual([]);
  expect(broken.problems).toEqual([{ file: "broken.json", message: expect.stringMatching(/^not valid JSON: /) }]);
  expect(parseW3c("other.json", '{"hello": "world"}').problems).toEqual([
    { file: "other.json", message: "not a W3C Web Annotation file: expected an Annotation, AnnotationPage or AnnotationCollection" },
  ]);
  expect(parseW3c("empty.json", "[]").problems).toEqual([{ file: "empty.json", message: "the file holds no annotations" }]);
  expect(parseW3c("bin.json", new Uint8Array([0xff, 0xfe, 0x00])).problems[0].message).toMatch(/not valid UTF-8/);
});
