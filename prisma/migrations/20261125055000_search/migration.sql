-- Full-text search over documents and annotations (issue 6).
--
-- One text search configuration everywhere: 'english' (Snowball stemming, so "treaties" finds
-- "treaty"; English stop words are not indexed). Text in other languages (Russian, Korean, CJK)
-- is split by PostgreSQL's default parser and lower-cased but not stemmed: it is found by its
-- exact word forms. CJK runs without spaces are one word to that parser.
--
-- The indexes are GIN indexes on expressions (no stored tsvector column), so the Prisma schema
-- and every writer of these tables stay as they are. Queries must use the same expressions:
-- search_document_vector(title, text) and search_annotation_vector(exact, note, attributes).

-- PostgreSQL's default parser treats every non-ASCII character as a letter, so curly quotes,
-- dashes and non-breaking spaces would glue words together: “treaty” would be indexed as the
-- unstemmed word '“treaty”' and DPRK–Russia as one word. Dashes become ASCII hyphens (so
-- DPRK–Russia and DPRK-Russia are the same compound, found by either part) and other punctuation
-- and spaces outside ASCII become spaces, one character for one, in indexed text and in queries
-- alike. (U+200C/U+200D, the joiners inside Persian/Indic words and emoji sequences, are kept.)
CREATE FUNCTION search_normalize(value text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN regexp_replace(
  translate(value, E'\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uFE58\uFE63\uFF0D', '----------'),
  '[\u00A0\u00A1\u00A7\u00AB\u00B6\u00B7\u00BB\u00BF\u060C\u061B\u061F\u066A-\u066D\u06D4\u0964\u0965\u2000-\u200B\u200E\u200F\u2016-\u206F\u3000-\u3003\u3008-\u3011\u3014-\u301F\u30FB\uFE10-\uFE19\uFE30-\uFE4F\uFE50-\uFE57\uFE59-\uFE62\uFE64-\uFE6B\uFEFF\uFF01-\uFF0C\uFF0E\uFF0F\uFF1A-\uFF20\uFF3B-\uFF40\uFF5B-\uFF65]',
  ' ',
  'g'
);

-- A tsvector may hold at most 1 MB of words and positions; a long text with many distinct words
-- (a few MB of CJK, tables of codes) exceeds that and to_tsvector raises an error, which in an
-- index expression would refuse the INSERT of the document. Texts up to 200,000 code points can
-- never exceed it (at most ~4.5 bytes per code point); longer ones are indexed in chunks of
-- 50,000 code points (overlapping by 200, so no word is lost at a seam) as their distinct words
-- without positions. Phrases in such documents match as AND and their rank ignores word
-- frequency. If even the distinct words exceed 1 MB, the shortest are kept: that keeps the most
-- words, and drops hashes, codes and the long space-less runs of CJK text before real words.
--
-- PL/pgSQL resolves names when it runs, and ANALYZE, VACUUM and REINDEX run index expressions
-- with search_path = pg_catalog: the function keeps the search_path it was created with.
CREATE FUNCTION search_text_vector(value text) RETURNS tsvector
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE COST 10000
SET search_path FROM CURRENT
AS $$
DECLARE
  normalized CONSTANT text := search_normalize(value);
  chunk_size CONSTANT integer := 50000;
  result tsvector;
BEGIN
  IF length(normalized) <= 200000 THEN
    RETURN to_tsvector('english'::regconfig, normalized);
  END IF;
  SELECT array_to_tsvector(coalesce(array_agg(lexeme), '{}'))
  INTO result
  FROM (
    SELECT lexeme, sum(octet_length(lexeme) + 8) OVER (ORDER BY octet_length(lexeme), lexeme) AS running_size
    FROM (
      SELECT DISTINCT v.lexeme
      FROM generate_series(0, (length(normalized) - 1) / chunk_size) AS c(n)
      CROSS JOIN LATERAL unnest(to_tsvector('english'::regconfig, substr(normalized, c.n * chunk_size + 1, chunk_size + 200))) AS v
    ) AS distinct_lexemes
  ) AS sized
  WHERE running_size < 1000000;
  RETURN result;
END;
$$;

-- The searchable text of an annotation's attributes: every string value except references to
-- other annotations or users (keys ending in Id/Ids hold UUIDs), in key order. Covers
-- claimantText, canonicalName, stance, modality, an event's date and imported attributes.
CREATE FUNCTION search_attribute_text(attributes jsonb) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN CASE WHEN jsonb_typeof(attributes) = 'object' THEN coalesce((
  SELECT string_agg(entry.value #>> '{}', E'\n' ORDER BY entry.key)
  FROM jsonb_each(attributes) AS entry
  WHERE jsonb_typeof(entry.value) = 'string' AND entry.key !~ 'Ids?$'
), '') ELSE '' END;

CREATE FUNCTION search_document_vector(title text, body text) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN search_text_vector(title || E'\n' || body);

CREATE FUNCTION search_annotation_vector(exact text, note text, attributes jsonb) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN search_text_vector(exact || E'\n' || note || E'\n' || search_attribute_text(attributes));

-- CreateIndex
CREATE INDEX "Document_search_idx" ON "Document" USING GIN (search_document_vector("title", "text"));

-- CreateIndex: live annotations only (tombstones are never searched).
CREATE INDEX "Annotation_search_idx" ON "Annotation" USING GIN (search_annotation_vector("exact", "note", "attributes")) WHERE "deletedAt" IS NULL;
