// Full-text search on a real PostgreSQL: offsets after emoji and CJK, stemming, typographic
// punctuation, filters, annotation notes and attributes, hostile input, project scoping, indexes.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { beforeAll, expect, test } from "vitest";
import { uuidv7 } from "@/lib/ids";
import { searchQuerySchema } from "@/lib/schemas/search";
import { useTestDatabase } from "@/lib/testing/test-database";
import { asUser, documentAccessOf, ownerAccessOf, projectAccessOf } from "@/lib/testing/access";

let db: typeof import("@/lib/db").db;
let searchProject: typeof import("@/lib/server/search/search-project").searchProject;
let createProject: typeof import("@/lib/server/projects/create-project").createProject;
let importDocuments: typeof import("@/lib/server/documents/import-documents").importDocuments;
let createAnnotation: typeof import("@/lib/server/annotations/create-annotation").createAnnotation;
let changes: typeof import("@/lib/server/annotations/change-annotation");
let reviewAnnotation: typeof import("@/lib/server/reviews/review-annotation").reviewAnnotation;

beforeAll(async () => {
  await useTestDatabase();
  ({ db } = await import("@/lib/db"));
  ({ searchProject } = await import("@/lib/server/search/search-project"));
  ({ createProject } = await import("@/lib/server/projects/create-project"));
  ({ importDocuments } = await import("@/lib/server/documents/import-documents"));
  ({ createAnnotation } = await import("@/lib/server/annotations/create-annotation"));
  changes = await import("@/lib/server/annotations/change-annotation");
  ({ reviewAnnotation } = await import("@/lib/server/reviews/review-annotation"));
});

/** Python's text[start:end]: code points. */
const slice = (text: string, start: number, end: number) => [...text].slice(start, end).join("");
const cpSpan = (text: string, needle: string) => {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`"${needle}" not in text`);
  const start = [...text.slice(0, at)].length;
  return { start, end: start + [...needle].length, exact: needle };
};

const search = async (projectId: string, query: Record<string, string>) => searchProject(await ownerAccessOf(projectId), searchQuerySchema.parse(query));

type Doc = { title: string; text: string; publishedOn?: string; publisher?: string };

let n = 0;
async function project(docs: Doc[]) {
  n++;
  const [owner, annotator] = await Promise.all(
    ["owner", "annotator"].map((name) => db.user.create({ data: { email: `${name}${n}@search.test`, name: `${name} ${n}` } })),
  );
  const created = await createProject(owner.id, { name: `Search ${n}`, description: "" });
  await db.membership.create({ data: { projectId: created.id, userId: annotator.id, role: "ANNOTATOR" } });
  const { report } = await importDocuments(await projectAccessOf(owner.id, created.id),
    docs.map((d, i) => ({ name: `d${i}.txt`, fileName: `d${i}.txt`, text: d.text, meta: { title: d.title, publishedOn: d.publishedOn, publisher: d.publisher } })),
    { trim: false, dryRun: false },
  );
  const ids = report.map((r) => r.documentId!);
  const texts = await Promise.all(ids.map(async (id) => (await db.document.findUniqueOrThrow({ where: { id }, select: { text: true } })).text));
  const labels = await db.label.findMany({ where: { projectId: created.id } });
  const label = (name: string) => labels.find((l) => l.name === name)!.id;
  const tag = async (user: { id: string }, doc: number, needle: string, labelName: string, extra: { note?: string; attributes?: Record<string, unknown> } = {}) =>
    (
      await createAnnotation(await documentAccessOf(user.id, ids[doc]), {
        id: uuidv7(), labelId: label(labelName), ...cpSpan(texts[doc], needle), attributes: extra.attributes ?? {}, note: extra.note ?? "",
      })
    ).annotation;
  return { owner, annotator, projectId: created.id, ids, texts, label, tag };
}

const EMOJI_TEXT = "🇰🇵👍🏽 金正恩 and 조선 met; the “treaty” was signed.\nLater, treaties 😀 followed: the DPRK–Russia treaty of 2024.";

test("document hits carry keyword-in-context lines whose code-point offsets hold the matched words, after emoji and CJK", async () => {
  const p = await project([
    { title: "Emoji first", text: EMOJI_TEXT, publisher: "KCNA", publishedOn: "2024-06-19" },
    { title: "Unrelated", text: "Nothing about agreements here." },
  ]);
  const { documents } = await search(p.projectId, { q: "treaty" });
  expect(documents!.total).toBe(1);
  const [hit] = documents!.items;
  expect(hit).toMatchObject({ id: p.ids[0], title: "Emoji first", publisher: "KCNA", publishedOn: "2024-06-19", matchCount: 3 });
  expect(hit.lines.map((l) => l.match)).toEqual(["treaty", "treaties", "treaty"]);
  const text = p.texts[0];
  for (const line of hit.lines) {
    expect(slice(text, line.start, line.end)).toBe(line.match);
    expect(slice(text, line.contextStart, line.start)).toBe(line.before);
    expect(slice(text, line.end, line.contextEnd)).toBe(line.after);
    expect(line.marks).toContainEqual({ start: line.start, end: line.end });
  }
  // The first "treaty" sits after a flag and a toned thumb (4 code points, 8 UTF-16 units) and CJK.
  expect(hit.lines[0].start).toBe(26);
  expect(text.indexOf("treaty")).toBe(30);
  expect(hit.lines[0].before).toContain("🇰🇵👍🏽 金正恩");
});

test("stemming: treaties finds treaty and the other way round; typographic quotes and dashes do not glue words", async () => {
  const p = await project([
    { title: "Singular", text: "The treaty was signed." },
    { title: "Plural", text: "Two treaties were signed." },
    { title: "Dashes", text: "The DPRK–Russia “summit” in Kim’s words." },
  ]);
  const titles = async (q: string) => (await search(p.projectId, { q, scope: "documents" })).documents!.items.map((d) => d.title).sort();
  expect(await titles("treaties")).toEqual(["Plural", "Singular"]);
  expect(await titles("treaty")).toEqual(["Plural", "Singular"]);
  expect(await titles("Russia")).toEqual(["Dashes"]);
  expect(await titles("summits")).toEqual(["Dashes"]);
  expect(await titles("“Kim’s”")).toEqual(["Dashes"]);
  const [dashes] = (await search(p.projectId, { q: "russia" })).documents!.items;
  expect(dashes.lines.map((l) => l.match)).toEqual(["Russia"]);
  // An en dash and a hyphen make the same compound.
  const [compound] = (await search(p.projectId, { q: "DPRK-Russia" })).documents!.items;
  expect(compound.lines.map((l) => l.match)).toEqual(["DPRK–Russia"]);
  // A quoted phrase matches the words in order; "-word" excludes.
  expect(await titles(`"two treaties"`)).toEqual(["Plural"]);
  const phrase = (await search(p.projectId, { q: `"treaties were signed"` })).documents!.items;
  expect(phrase.map((d) => [d.title, d.lines.map((l) => l.match)]).sort()).toEqual([["Plural", ["treaties were signed"]], ["Singular", ["treaty was signed"]]]);
  expect(await titles(`"treaties two"`)).toEqual([]);
  expect(await titles(`signed -plural -two`)).toEqual(["Singular"]);
});

test("spelling variants the knowledge base treats as one name find each other: hyphens, accents, apostrophes", async () => {
  const p = await project([
    { title: "Spaced", text: "Kim Jong Un arrived in Pyongyang on Tuesday." },
    { title: "Hyphenated", text: "Kim Jong-un left P\u2019yŏngyang by train." },
    { title: "Accented", text: "A note on Đurđević and Gdańsk, written in Zürich." },
  ]);
  const titles = async (q: string) => (await search(p.projectId, { q, scope: "documents" })).documents!.items.map((d) => d.title).sort();
  expect(await titles("Kim Jong-un")).toEqual(["Hyphenated", "Spaced"]);
  expect(await titles("Kim Jong Un")).toEqual(["Hyphenated", "Spaced"]);
  expect(await titles(`"Kim Jong-un"`)).toEqual(["Hyphenated", "Spaced"]);
  expect(await titles("Pyongyang")).toEqual(["Hyphenated", "Spaced"]);
  expect(await titles("P'yŏngyang")).toEqual(["Hyphenated", "Spaced"]);
  expect(await titles("Gdansk")).toEqual(["Accented"]);
  expect(await titles("zurich")).toEqual(["Accented"]);
  expect(await titles("Durdevic")).toEqual(["Accented"]);
  // The places are marked in the text as written.
  const [hyphenated] = (await search(p.projectId, { q: "Kim Jong Un Pyongyang" })).documents!.items.filter((d) => d.title === "Hyphenated");
  expect(hyphenated.lines.map((l) => l.match)).toEqual(["Kim Jong-un", "P\u2019yŏngyang"]);
  // A leading "-" still excludes a word.
  expect(await titles("Kim -Pyongyang")).toEqual([]);
  expect(await titles("Kim -train")).toEqual(["Spaced"]);
  // Annotations too: a quote written either way.
  const tagged = await p.tag(p.owner, 1, "Kim Jong-un", "Person");
  const { annotations } = await search(p.projectId, { q: "kim jong un", scope: "annotations" });
  expect(annotations!.items.map((a) => a.id)).toEqual([tagged.id]);
});

test("title matches are marked in the title; a match only in the title still finds the document", async () => {
  const p = await project([{ title: "Historic DPRK–Russia milestone", text: "A summit took place." }]);
  const { documents } = await search(p.projectId, { q: "milestones" });
  expect(documents!.items).toHaveLength(1);
  expect(documents!.items[0].titleMarks).toEqual([{ start: 21, end: 30 }]);
  expect(documents!.items[0].lines).toEqual([]);
});

test("a renamed document is found by its new title at once, no longer by its old one (the stored search words follow the title)", async () => {
  const p = await project([{ title: "Summit communiqué", text: "Both sides met." }]);
  expect((await search(p.projectId, { q: "communiqué" })).documents!.total).toBe(1);
  const { updateDocumentDetails } = await import("@/lib/server/documents/update-document-details");
  await updateDocumentDetails(await documentAccessOf(p.owner.id, p.ids[0]), { title: "Joint declaration" });
  expect((await search(p.projectId, { q: "communiqué" })).documents!.total).toBe(0);
  const { documents } = await search(p.projectId, { q: "declarations" });
  expect(documents!.items.map((d) => d.title)).toEqual(["Joint declaration"]);
  expect(documents!.items[0].titleMarks).toEqual([{ start: 6, end: 17 }]);
});

test("document date filters compare partial dates as periods that overlap the range", async () => {
  const p = await project([
    { title: "Year", text: "treaty", publishedOn: "2019" },
    { title: "Day", text: "treaty treaty", publishedOn: "2019-04-25" },
    { title: "Month", text: "treaty treaty treaty", publishedOn: "2024-06" },
    { title: "Undated", text: "treaty treaty treaty treaty" },
  ]);
  const titles = async (query: Record<string, string>) =>
    (await search(p.projectId, { q: "treaty", ...query })).documents!.items.map((d) => d.title).sort();
  expect(await titles({})).toEqual(["Day", "Month", "Undated", "Year"]);
  expect(await titles({ dateFrom: "2019-04", dateTo: "2019-04" })).toEqual(["Day", "Year"]);
  expect(await titles({ dateFrom: "2019-05" })).toEqual(["Month", "Year"]);
  expect(await titles({ dateTo: "2019-04-24" })).toEqual(["Year"]);
  expect(await titles({ dateFrom: "2024-06-30", dateTo: "2025" })).toEqual(["Month"]);
  expect(await titles({ dateFrom: "2020", dateTo: "2023" })).toEqual([]);
  expect(() => searchQuerySchema.parse({ q: "x", dateFrom: "2020", dateTo: "2019-12" })).toThrow(/end date is before the start date/);
  expect(() => searchQuerySchema.parse({ q: "x", dateFrom: "April 2019" })).toThrow(/ISO date/);
});

test("annotations are found by quote, note and attribute values, with their document, label, author, state and offsets", async () => {
  const p = await project([{ title: "Summit", text: "Kim Jong Un met Vladimir Putin in Vladivostok. The treaty was signed.", publishedOn: "2019-04-25" }]);
  const kim = await p.tag(p.annotator, 0, "Kim Jong Un", "Person", { attributes: { canonicalName: "Kim Jong-un" } });
  const city = await p.tag(p.annotator, 0, "Vladivostok", "Location");
  const meeting = await p.tag(p.annotator, 0, "met", "Meeting/Visit", { note: "The first summits 👍 of the two leaders", attributes: { date: "2019-04", locationId: city.id } });
  const claim = await p.tag(p.owner, 0, "The treaty was signed", "Claim", { attributes: { claimantText: "Korean Central News Agency", stance: "supportive" } });
  await reviewAnnotation(asUser(p.owner.id), kim.id, { decision: "ACCEPTED", comment: "", version: 1 });

  const one = async (q: string, query: Record<string, string> = {}) => (await search(p.projectId, { q, scope: "annotations", ...query })).annotations!;

  const byQuote = await one("treaties");
  expect(byQuote.items.map((a) => a.id)).toEqual([claim.id]);
  expect(byQuote.items[0]).toMatchObject({
    documentId: p.ids[0], documentTitle: "Summit", publishedOn: "2019-04-25", start: claim.start, end: claim.end, exact: "The treaty was signed",
    label: { name: "Claim", kind: "CLAIM" }, author: { id: p.owner.id }, reviewState: "PENDING", gold: false, note: null, attributes: [],
    quote: { text: "The treaty was signed", marks: [{ start: 4, end: 10 }] },
  });

  const byNote = (await one("summit")).items;
  expect(byNote.map((a) => a.id)).toEqual([meeting.id]);
  expect(byNote[0].note).toEqual({ text: "The first summits 👍 of the two leaders", marks: [{ start: 10, end: 17 }], truncatedBefore: false, truncatedAfter: false });
  expect(byNote[0].quote.marks).toEqual([]);

  const byCanonicalName = (await one("Jong-un")).items;
  expect(byCanonicalName.map((a) => a.id)).toEqual([kim.id]);
  expect(byCanonicalName[0].attributes).toEqual([{ key: "canonicalName", value: expect.objectContaining({ text: "Kim Jong-un" }) }]);
  expect(byCanonicalName[0].reviewState).toBe("ACCEPTED");
  expect((await one("news agency")).items.map((a) => [a.id, a.attributes[0].key])).toEqual([[claim.id, "claimantText"]]);
  expect((await one("2019")).items.map((a) => a.id)).toEqual([meeting.id]);
  // References to other annotations are ids, not text.
  expect((await one(city.id)).items).toEqual([]);

  // Filters: label, annotator, review state, and the document's date.
  expect((await one("kim OR treaty OR summit", { labelId: p.label("Person") })).items.map((a) => a.id)).toEqual([kim.id]);
  expect((await one("kim OR treaty OR summit", { authorId: p.owner.id })).items.map((a) => a.id)).toEqual([claim.id]);
  expect((await one("kim OR treaty OR summit", { reviewState: "ACCEPTED" })).items.map((a) => a.id)).toEqual([kim.id]);
  expect((await one("kim OR treaty OR summit", { reviewState: "PENDING" })).total).toBe(2);
  expect((await one("kim OR treaty OR summit", { dateFrom: "2020" })).total).toBe(0);
  expect((await one("kim OR treaty OR summit", { dateTo: "2019-04" })).total).toBe(3);

  // Annotation filters do not narrow document hits; the date does.
  const both = await search(p.projectId, { q: "treaty", labelId: p.label("Person") });
  expect([both.documents!.total, both.annotations!.total]).toEqual([1, 0]);

  // Deleted annotations are not found; gold ones are, and say so.
  await changes.deleteAnnotation(asUser(p.owner.id), claim.id, 1);
  expect((await one("treaty")).items).toEqual([]);
  await db.annotation.update({ where: { id: kim.id }, data: { gold: true } });
  expect((await one("kim")).items.map((a) => [a.id, a.gold])).toEqual([[kim.id, true]]);
  // An edited note is searchable at once.
  await changes.updateAnnotation(asUser(p.annotator.id), meeting.id, { version: 1, note: "a handshake" });
  expect((await one("summit")).items).toEqual([]);
  expect((await one("handshakes")).items.map((a) => a.id)).toEqual([meeting.id]);
});

test("hostile or odd search strings never raise; only-stop-word searches say why nothing is found", async () => {
  const p = await project([{ title: "T", text: "The treaty (معاهدة) — 조약, договор; O'Brien’s “deal” & more!" }]);
  const hostile = [
    `'&|!():*`, `"unbalanced`, `unbalanced"`, `"""`, `!!!`, `<-> <2> :* & | ! \\ '`, `treaty:*`, `'; DROP TABLE "Document"; --`,
    `-`, `--treaty`, `- -`, `or`, `OR treaty OR`, `"" ""`, `(((treaty`, `\u0000treaty\u0001`, "😀", "조약", "ДОГОВОР", "𝕥𝕣𝕖𝕒𝕥𝕪",
    "a".repeat(200), "!&|".repeat(66), `\uD800 lone surrogate`,
    // websearch_to_tsquery nests one NOT per "-": 33 or more overflow its stack ("tsquery stack too small").
    "-".repeat(33), "-".repeat(200), `${"-".repeat(40)}treaty`, "- ".repeat(100), `treaty ${"-".repeat(50)}war`, `"${"-".repeat(40)}treaty"`,
    "!".repeat(200), `${"(".repeat(100)}treaty`, "-(".repeat(66), `${"!-".repeat(66)}treaty`, "-a ".repeat(66), "—".repeat(40), `${"- —".repeat(30)}treaty`,
  ];
  for (const q of hostile) {
    const result = await search(p.projectId, { q });
    expect(Array.isArray(result.documents?.items), q).toBe(true);
  }
  expect((await search(p.projectId, { q: `'; DROP TABLE "Document"; --` })).documents!.total).toBe(0);
  expect(await db.document.count({ where: { projectId: p.projectId } })).toBe(1);
  // Other scripts are found by their exact word forms, lower-cased.
  expect((await search(p.projectId, { q: "ДОГОВОР" })).documents!.items[0].lines[0].match).toBe("договор");
  expect((await search(p.projectId, { q: "조약" })).documents!.total).toBe(1);
  expect((await search(p.projectId, { q: "معاهدة" })).documents!.total).toBe(1);
  expect((await search(p.projectId, { q: "(((treaty" })).documents!.total).toBe(1);
  // A run of minus signs is one NOT.
  expect((await search(p.projectId, { q: `deal ${"-".repeat(40)}treaty` })).documents!.total).toBe(0);
  expect((await search(p.projectId, { q: `deal ${"-".repeat(40)}war` })).documents!.total).toBe(1);
  const stopWords = await search(p.projectId, { q: "the of and" });
  expect(stopWords.notice).toMatch(/only very common words/);
  expect(stopWords.documents).toEqual({ total: 0, nextOffset: null, items: [] });
  expect(() => searchQuerySchema.parse({ q: "  \u0000 " })).toThrow();
  expect(() => searchQuerySchema.parse({ q: "a".repeat(201) })).toThrow(/at most 200/);
  expect(() => searchQuerySchema.parse({ q: "x", limit: "101" })).toThrow();
  expect(() => searchQuerySchema.parse({ q: "x", scope: "everything" })).toThrow();
});

test("no mix of operators, punctuation and words makes the search raise (fuzzed)", async () => {
  const p = await project([{ title: "T", text: "The treaty was no deal, said O'Brien." }]);
  const pieces = fc.constantFrom("-", "-", "-", "!", "(", ")", '"', "'", "|", "&", " ", "a", "the", "—", ":", "*", "<->", "[", "\\", "😀", "조약", "or", "treaty");
  await fc.assert(
    fc.asyncProperty(fc.array(pieces, { maxLength: 100 }), async (parts) => {
      const q = parts.join("").slice(0, 200);
      if (!q.trim()) return;
      const result = await search(p.projectId, { q });
      expect(Array.isArray(result.documents?.items), q).toBe(true);
    }),
    { numRuns: 300 },
  );
});

test("search is scoped to the project: another project's documents and annotations never appear", async () => {
  const mine = await project([{ title: "Mine", text: "Our treaty text." }]);
  const theirs = await project([{ title: "Theirs", text: "Their secret treaty text." }]);
  const theirAnnotation = await theirs.tag(theirs.annotator, 0, "secret treaty", "Agreement");
  const result = await search(mine.projectId, { q: "treaty" });
  expect(result.documents!.items.map((d) => d.title)).toEqual(["Mine"]);
  expect(result.annotations!.items).toEqual([]);
  // Not even with the other project's label or author as a filter.
  expect((await search(mine.projectId, { q: "secret treaty", labelId: theirAnnotation.labelId })).annotations!.total).toBe(0);
  expect((await search(mine.projectId, { q: "secret", authorId: theirs.annotator.id })).documents!.total).toBe(0);
});

test("pages: limit and offset, with the total and where the next page starts", async () => {
  const p = await project([1, 2, 3].map((i) => ({ title: `Doc ${i}`, text: `${"treaty ".repeat(i)}number ${i}` })));
  const first = (await search(p.projectId, { q: "treaty", scope: "documents", limit: "2" })).documents!;
  expect(first.total).toBe(3);
  expect(first.items).toHaveLength(2);
  expect(first.nextOffset).toBe(2);
  const second = (await search(p.projectId, { q: "treaty", scope: "documents", limit: "2", offset: "2" })).documents!;
  expect(second.items).toHaveLength(1);
  expect(second.nextOffset).toBeNull();
  expect(new Set([...first.items, ...second.items].map((d) => d.id)).size).toBe(3);
  // Ranked: the document that says "treaty" most comes first.
  expect(first.items[0].title).toBe("Doc 3");
  const beyond = (await search(p.projectId, { q: "treaty", scope: "documents", offset: "10" })).documents!;
  expect([beyond.total, beyond.items.length, beyond.nextOffset]).toEqual([3, 0, null]);
});

test("long texts with many distinct words are imported and indexed; matches in them keep exact offsets", async () => {
  // 1.3 MB of distinct 32-character tokens: more than one tsvector can hold (to_tsvector raises).
  const tokens = Array.from({ length: 40_000 }, (_, i) => crypto.createHash("md5").update(String(i)).digest("hex"));
  const text = `😀 ${tokens.slice(0, 20_000).join(" ")} a memorandum ${tokens.slice(20_000).join(" ")} the final treaty 金正恩`;
  const p = await project([{ title: "Huge", text }]);
  const { documents } = await search(p.projectId, { q: "treaty" });
  expect(documents!.total).toBe(1);
  const [line] = documents!.items[0].lines;
  expect(slice(p.texts[0], line.start, line.end)).toBe("treaty");
  expect(line.start).toBe([...text].length - " 金正恩".length - "treaty".length);
  expect((await search(p.projectId, { q: "memorandums" })).documents!.items[0].lines[0].match).toBe("memorandum");
  expect((await search(p.projectId, { q: "金正恩" })).documents!.total).toBe(1);
});

test("the sample corpus: every mention of treaty is found, at its place", async () => {
  const { seedDemo } = await import("@/lib/server/seed/seed-demo");
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "search-seed-"));
  try {
    const { projectId } = await seedDemo(dataDir);
    const documents = await db.document.findMany({ where: { projectId }, select: { id: true, text: true } });
    const expected = documents.flatMap((d) =>
      [...d.text.matchAll(/\btreat(y|ies)\b/gi)].map((m) => ({ id: d.id, start: [...d.text.slice(0, m.index)].length, match: m[0] })),
    );
    expect(expected.length).toBeGreaterThan(0);
    const { documents: hits } = await search(projectId, { q: "treaty", scope: "documents" });
    const found = hits!.items.flatMap((hit) => hit.lines.map((line) => ({ id: hit.id, start: line.start, match: line.match })));
    expect(hits!.items.reduce((sum, hit) => sum + hit.matchCount, 0)).toBe(expected.length);
    expect(found).toEqual(expect.arrayContaining(expected));
    expect(found).toHaveLength(expected.length);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test("the search indexes exist and the planner uses them", async () => {
  const indexes = await db.$queryRaw<{ indexname: string; indexdef: string }[]>`
    SELECT indexname, indexdef FROM pg_indexes WHERE indexname IN ('Document_search_idx', 'Annotation_search_idx') ORDER BY indexname`;
  expect(indexes.map((i) => i.indexname)).toEqual(["Annotation_search_idx", "Document_search_idx"]);
  expect(indexes.every((i) => /USING gin/.test(i.indexdef))).toBe(true);

  const p = await project([{ title: "Needle", text: "A rare treaty." }]);
  await db.$executeRaw`
    INSERT INTO "Document" (id, "projectId", title, text, "contentHash", length)
    SELECT gen_random_uuid(), ${p.projectId}::uuid, 'Filler ' || i, 'Routine statement number ' || i || ' about cooperation and friendship.', 'filler' || i, 60
    FROM generate_series(1, 3000) AS i`;
  await db.$executeRaw`ANALYZE "Document"`;
  // The stored words are cheap to read, so on a small table the planner may rightly scan it; what
  // must hold is that the index serves the search's own condition.
  const plan = await db.$transaction(async (tx) => {
    await tx.$executeRawUnsafe("SET LOCAL enable_seqscan = off");
    return tx.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(
      `EXPLAIN SELECT d.id FROM "Document" d WHERE d."searchVector" @@ $1::tsquery`,
      "'treati'",
    );
  });
  expect(plan.map((r) => r["QUERY PLAN"]).join("\n")).toMatch(/Bitmap Index Scan on "Document_search_idx"/);
  expect((await search(p.projectId, { q: "treaty" })).documents!.items.map((d) => d.title)).toEqual(["Needle"]);

  const needle = await p.tag(p.annotator, 0, "treaty", "Agreement", { note: "rare" });
  // 3,000 fillers on one span: the same tag many times over, which this project must allow.
  await db.project.update({ where: { id: p.projectId }, data: { allowStackedTags: true } });
  await db.$executeRaw`
    INSERT INTO "Annotation" (id, "projectId", "documentId", "labelId", "authorId", start, "end", exact, prefix, suffix, note, "updatedAt")
    SELECT gen_random_uuid(), ${p.projectId}::uuid, ${p.ids[0]}::uuid, ${needle.labelId}::uuid, ${p.annotator.id}::uuid, 0, 1, 'A', '', '', 'routine note ' || i, now()
    FROM generate_series(1, 3000) AS i`;
  await db.$executeRaw`ANALYZE "Annotation"`;
  const annotationPlan = await db.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(
    `EXPLAIN SELECT a.id FROM "Annotation" a WHERE a."projectId" = $1::uuid AND a."deletedAt" IS NULL
       AND a."searchVector" @@ $2::tsquery`,
    p.projectId,
    "'treati'",
  );
  expect(annotationPlan.map((r) => r["QUERY PLAN"]).join("\n")).toMatch(/Bitmap Index Scan on "Annotation_search_idx"/);
  expect((await search(p.projectId, { q: "treaty", scope: "annotations" })).annotations!.items.map((a) => a.id)).toEqual([needle.id]);

  // The stored words follow an edit of the note (a generated column), and a deleted annotation leaves the index.
  await db.annotation.update({ where: { id: needle.id }, data: { note: "obsolete wording" } });
  expect((await search(p.projectId, { q: "rare", scope: "annotations" })).annotations!.items).toEqual([]);
  expect((await search(p.projectId, { q: "obsolete", scope: "annotations" })).annotations!.items.map((a) => a.id)).toEqual([needle.id]);
  await db.annotation.update({ where: { id: needle.id }, data: { deletedAt: new Date() } });
  expect((await search(p.projectId, { q: "obsolete", scope: "annotations" })).annotations!.items).toEqual([]);
});
