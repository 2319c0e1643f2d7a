-- An annotation's search words stored, as the document's are (20261206215000_search_vector):
-- ts_rank needs the tsvector of every match, and working it out again from quote, note and
-- attributes cost 2–2.5 s for a word found in 200,000 of 1,000,000 annotations. The column is
-- generated, so it follows every update by itself. If search_annotation_vector ever changes, the
-- column must be dropped and added again (a REINDEX no longer recomputes the words).
ALTER TABLE "Annotation" ADD COLUMN "searchVector" tsvector GENERATED ALWAYS AS (search_annotation_vector("exact", "note", "attributes")) STORED;

-- The index reads the stored column (same name, same words, live annotations only).
DROP INDEX "Annotation_search_idx";
CREATE INDEX "Annotation_search_idx" ON "Annotation" USING GIN ("searchVector") WHERE "deletedAt" IS NULL;
