-- The duplicate-tag trigger (20261206212000_no_duplicate_tags) looks up the same person's same tag
-- on the same span for every row written. Its plan is cached per session, and on a table whose
-- statistics do not know the rows yet (a first large import) it scanned by a less selective index:
-- 40,000 annotations in one statement took 96 s (quadratic), 16 s with this index, which answers
-- the lookup's five equalities on live, non-gold rows directly.
CREATE INDEX "Annotation_duplicate_tag_idx" ON "Annotation" ("documentId", "authorId", "labelId", start, "end") WHERE "deletedAt" IS NULL AND NOT gold;
