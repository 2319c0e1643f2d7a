import "server-only";
import { visibleAnnotationsPrismaSql, type ProjectAccess } from "@/lib/server/authz";
import { db } from "@/lib/db";
import { OffsetMap } from "@/lib/anchoring/offsets";
import { Prisma } from "@/lib/generated/prisma/client";
import type { LabelKind, ReviewState } from "@/lib/generated/prisma/enums";
import { dateBounds, type AnnotationHit, type DocumentHit, type SearchQuery, type SearchResult } from "@/lib/schemas/search";
import { collectWords, excerpt, findMatches, kwicLines, marksIn, type WordMatches } from "@/lib/server/search/keyword-in-context";
import { readQuery } from "@/lib/server/search/query-lexemes";
import { AppError } from "@/lib/server/errors";

// Full-text search over one project's documents (title and text) and live annotations (quote,
// note, attribute values), through the GIN expression indexes of migration 20261125040000_search.
//
// PostgreSQL does the matching: websearch_to_tsquery('english', …) never raises on any input
// ("quoted phrases", or, -not; stray quotes and operators are ignored), English stemming finds
// "treaties" for "treaty", and every expression below is exactly the indexed one, so the planner
// can use the indexes. It returns the page of hits; the places of the matches are then found in
// JavaScript (keyword-in-context.ts) from the words PostgreSQL says contain a query lexeme, and
// reported as code-point offsets into the canonical text.
//
// The caller has checked membership; every query here is scoped to `projectId`.

export const LINES_PER_DOCUMENT = 3;

// Typographic quotes also delimit phrases; other typographic punctuation is normalised in SQL by
// search_normalize, exactly as in indexed text.
const asciiQuotes = (q: string) => q.replace(/[“”„‟«»＂]/g, '"');

// websearch_to_tsquery reads every "-" before a word or before punctuation it then skips as a
// NOT, nests them, and raises "tsquery stack too small" past 32 in a row ("------", "-!-!-!"). A
// "-" that is followed by a space, the end, or ASCII punctuation other than a phrase's quote
// negates no word: it becomes a space (after search_normalize, which turns typographic dashes
// into "-" too), so "--war" is "-war" and a run of dashes searches for nothing.
const DANGLING_NOT = "-(?=$|[[:space:]!#$%&'()*+,./:;<=>?@^_`{|}~[-]|\\])";

/** The searchable string values of an annotation's attributes, as search_attribute_text reads them. */
function searchableAttributes(attributes: unknown): { key: string; value: string }[] {
  if (!attributes || typeof attributes !== "object" || Array.isArray(attributes)) return [];
  return Object.entries(attributes as Record<string, unknown>)
    .filter((e): e is [string, string] => typeof e[1] === "string" && !/Ids?$/.test(e[0]))
    .map(([key, value]) => ({ key, value }));
}

function dateConditions(query: SearchQuery): Prisma.Sql[] {
  const conditions: Prisma.Sql[] = [];
  if (!query.dateFrom && !query.dateTo) return conditions;
  // A partial date is a period: 2019 is 2019-01-01 … 2019-12-31. A document is in range when its
  // period overlaps the range, so an imprecisely dated document is not lost. Undated ones are.
  const published = Prisma.sql`d."publishedOn"`;
  conditions.push(Prisma.sql`${published} ~ '^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$'`);
  if (query.dateFrom) {
    const last = Prisma.sql`(CASE length(${published}) WHEN 4 THEN ${published} || '-12-31' WHEN 7 THEN ${published} || '-31' ELSE ${published} END)`;
    conditions.push(Prisma.sql`${last} COLLATE "C" >= ${dateBounds(query.dateFrom).first} COLLATE "C"`);
  }
  if (query.dateTo) {
    const first = Prisma.sql`(CASE length(${published}) WHEN 4 THEN ${published} || '-01-01' WHEN 7 THEN ${published} || '-01' ELSE ${published} END)`;
    conditions.push(Prisma.sql`${first} COLLATE "C" <= ${dateBounds(query.dateTo).last} COLLATE "C"`);
  }
  return conditions;
}

const and = (conditions: Prisma.Sql[]) => (conditions.length ? Prisma.sql`AND ${Prisma.join(conditions, " AND ")}` : Prisma.empty);
const nextOffset = (query: SearchQuery, shown: number, total: number) => (query.offset + shown < total ? query.offset + shown : null);

type DocumentRow = { id: string; title: string; publisher: string | null; publishedOn: string | null; rank: number; total: bigint };

async function findDocuments(projectId: string, tsquery: string, query: SearchQuery) {
  const rows = await db.$queryRaw<DocumentRow[]>`
    SELECT d.id, d.title, d.publisher, d."publishedOn",
           ts_rank(d."searchVector", ${tsquery}::tsquery, 1) AS rank,
           count(*) OVER () AS total
    FROM "Document" d
    WHERE d."projectId" = ${projectId}::uuid AND d."deletedAt" IS NULL
      AND d."searchVector" @@ ${tsquery}::tsquery
      ${and(dateConditions(query))}
    ORDER BY rank DESC, d."createdAt", d.id
    LIMIT ${query.limit} OFFSET ${query.offset}`;
  const texts = rows.length
    ? await db.document.findMany({ where: { projectId, id: { in: rows.map((r) => r.id) } }, select: { id: true, text: true } })
    : [];
  const textOf = new Map(texts.map((t) => [t.id, t.text]));
  const total = rows.length ? Number(rows[0].total) : await countDocuments(projectId, tsquery, query);
  return { total, rows: rows.map((r) => ({ ...r, text: textOf.get(r.id) ?? "" })) };
}

async function countDocuments(projectId: string, tsquery: string, query: SearchQuery): Promise<number> {
  if (query.offset === 0) return 0;
  const [{ count }] = await db.$queryRaw<{ count: bigint }[]>`
    SELECT count(*) AS count FROM "Document" d
    WHERE d."projectId" = ${projectId}::uuid AND d."deletedAt" IS NULL AND d."searchVector" @@ ${tsquery}::tsquery ${and(dateConditions(query))}`;
  return Number(count);
}

type AnnotationRow = {
  id: string; documentId: string; documentTitle: string; publishedOn: string | null; start: number; end: number;
  exact: string; prefix: string; suffix: string; note: string; attributes: unknown; reviewState: ReviewState; gold: boolean;
  labelId: string; labelName: string; labelKind: LabelKind; labelColor: string; authorId: string; authorName: string;
  rank: number; total: bigint;
};

function annotationConditions(access: ProjectAccess, query: SearchQuery): Prisma.Sql[] {
  // Only annotations the searcher may see, also in the count.
  const conditions = [...dateConditions(query), visibleAnnotationsPrismaSql(access, "a")];
  if (query.labelId) conditions.push(Prisma.sql`a."labelId" = ${query.labelId}::uuid`);
  if (query.authorId) conditions.push(Prisma.sql`a."authorId" = ${query.authorId}::uuid`);
  if (query.reviewState) conditions.push(Prisma.sql`a."reviewState" = ${query.reviewState}::"ReviewState"`);
  return conditions;
}

async function findAnnotations(access: ProjectAccess, tsquery: string, query: SearchQuery) {
  const { projectId } = access;
  const rows = await db.$queryRaw<AnnotationRow[]>`
    SELECT a.id, a."documentId", d.title AS "documentTitle", d."publishedOn", a.start, a."end", a.exact, a.prefix, a.suffix,
           a.note, a.attributes, a."reviewState", a.gold,
           l.id AS "labelId", l.name AS "labelName", l.kind AS "labelKind", l.color AS "labelColor",
           u.id AS "authorId", u.name AS "authorName",
           ts_rank(a."searchVector", ${tsquery}::tsquery) AS rank,
           count(*) OVER () AS total
    FROM "Annotation" a
    JOIN "Document" d ON d.id = a."documentId"
    JOIN "Label" l ON l.id = a."labelId"
    JOIN "User" u ON u.id = a."authorId"
    WHERE a."projectId" = ${projectId}::uuid AND a."deletedAt" IS NULL
      AND a."searchVector" @@ ${tsquery}::tsquery
      ${and(annotationConditions(access, query))}
    ORDER BY rank DESC, d."createdAt", a."documentId", a.start, a.id
    LIMIT ${query.limit} OFFSET ${query.offset}`;
  const total = rows.length ? Number(rows[0].total) : await countAnnotations(access, tsquery, query);
  return { total, rows };
}

async function countAnnotations(access: ProjectAccess, tsquery: string, query: SearchQuery): Promise<number> {
  const { projectId } = access;
  if (query.offset === 0) return 0;
  const [{ count }] = await db.$queryRaw<{ count: bigint }[]>`
    SELECT count(*) AS count FROM "Annotation" a JOIN "Document" d ON d.id = a."documentId"
    WHERE a."projectId" = ${projectId}::uuid AND a."deletedAt" IS NULL
      AND a."searchVector" @@ ${tsquery}::tsquery ${and(annotationConditions(access, query))}`;
  return Number(count);
}

/** Which of `words` contain one of `lexemes`, analysed as the indexes analyse text. */
async function matchWords(words: Set<string>, lexemes: string[]): Promise<WordMatches> {
  if (words.size === 0 || lexemes.length === 0) return new Map();
  const rows = await db.$queryRaw<{ word: string; lexemes: string[] }[]>`
    SELECT word, lexemes FROM (
      SELECT w AS word,
             ARRAY(SELECT l FROM unnest(tsvector_to_array(search_text_vector(w))) AS l WHERE l = ANY(${lexemes}::text[])) AS lexemes
      FROM unnest(${[...words]}::text[]) AS w
    ) AS checked
    WHERE cardinality(lexemes) > 0`;
  return new Map(rows.map((r) => [r.word, r.lexemes]));
}

async function parseQuery(q: string) {
  try {
    return await db.$queryRaw<{ tsquery: string; nodes: number }[]>`
      SELECT q::text AS tsquery, numnode(q) AS nodes
      FROM websearch_to_tsquery('english', regexp_replace(search_normalize(${asciiQuotes(q)}), ${DANGLING_NOT}, ' ', 'g')) AS q`;
  } catch (error) {
    // Not reached by any input found so far (search.test.ts fuzzes it); should PostgreSQL still
    // find a query too deep, that is the searcher's input, not a server fault.
    if (/tsquery stack too small/.test(String((error as { message?: unknown })?.message))) {
      throw new AppError("INVALID_INPUT", "This search has too many operators in a row (such as - or !). Simplify it.");
    }
    throw error;
  }
}

export async function searchProject(access: ProjectAccess, query: SearchQuery): Promise<SearchResult> {
  const { projectId } = access;
  const [{ tsquery, nodes }] = await parseQuery(query.q);
  if (nodes === 0) {
    return {
      notice: "There is nothing to search for: the search has only very common words (such as “the”, “of”, “and”), which are not indexed, or no words at all.",
      ...(query.scope !== "annotations" ? { documents: { total: 0, nextOffset: null, items: [] } } : {}),
      ...(query.scope !== "documents" ? { annotations: { total: 0, nextOffset: null, items: [] } } : {}),
    };
  }

  const [documents, annotations] = await Promise.all([
    query.scope !== "annotations" ? findDocuments(projectId, tsquery, query) : undefined,
    query.scope !== "documents" ? findAnnotations(access, tsquery, query) : undefined,
  ]);

  const words = new Set<string>();
  for (const d of documents?.rows ?? []) {
    collectWords(d.title, words);
    collectWords(d.text, words);
  }
  for (const a of annotations?.rows ?? []) {
    collectWords(a.exact, words);
    collectWords(a.note, words);
    for (const { value } of searchableAttributes(a.attributes)) collectWords(value, words);
  }
  const shape = readQuery(tsquery);
  const matched = await matchWords(words, shape.lexemes);
  const find = (text: string) => findMatches(text, matched, shape);

  const result: SearchResult = {};
  if (documents) {
    const items = documents.rows.map(({ text, total: _total, ...d }): DocumentHit => {
      const map = new OffsetMap(text);
      const matches = find(text);
      return {
        ...d,
        rank: Number(d.rank),
        titleMarks: marksIn(d.title, find(d.title)),
        matchCount: matches.length,
        lines: kwicLines(map, matches, LINES_PER_DOCUMENT),
      };
    });
    result.documents = { total: documents.total, nextOffset: nextOffset(query, items.length, documents.total), items };
  }
  if (annotations) {
    const items = annotations.rows.map((a): AnnotationHit => {
      const noteMatches = find(a.note);
      return {
        id: a.id, documentId: a.documentId, documentTitle: a.documentTitle, publishedOn: a.publishedOn,
        start: a.start, end: a.end, exact: a.exact, prefix: a.prefix, suffix: a.suffix,
        label: { id: a.labelId, name: a.labelName, kind: a.labelKind, color: a.labelColor },
        author: { id: a.authorId, name: a.authorName },
        reviewState: a.reviewState, gold: a.gold, rank: Number(a.rank),
        quote: excerpt(a.exact, find(a.exact)),
        note: noteMatches.length ? excerpt(a.note, noteMatches) : null,
        attributes: searchableAttributes(a.attributes)
          .map(({ key, value }) => ({ key, matches: find(value), value }))
          .filter((attribute) => attribute.matches.length > 0)
          .map(({ key, value, matches }) => ({ key, value: excerpt(value, matches) })),
      };
    });
    result.annotations = { total: annotations.total, nextOffset: nextOffset(query, items.length, annotations.total), items };
  }
  return result;
}
