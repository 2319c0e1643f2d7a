-- Issue 16: the same person tagging the same span with the same label twice is refused unless the
-- project allows stacking. The duplicate check looks up live annotations by document, author and
-- start; the existing (documentId, start) index narrows it well enough, so no new index.
ALTER TABLE "Project" ADD COLUMN "allowStackedTags" BOOLEAN NOT NULL DEFAULT false;
