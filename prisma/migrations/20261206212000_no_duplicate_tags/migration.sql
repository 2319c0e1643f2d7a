-- Issue 16: the same person's same tag on the same span (document, author, label, start, end; live,
-- not gold) is refused by the database itself unless the project allows stacking, so that no write
-- path can get round it: not an update that relabels or moves a span onto another one (PATCH, undo,
-- redo), and not two identical creates racing, each of which read a snapshot without the other's row.
--
-- The check takes the document's change lock (the advisory lock of lockDocumentChanges, same key),
-- which every annotation write path already holds — so it costs no extra lock — and then looks with
-- a fresh snapshot (a VOLATILE function in READ COMMITTED): a racing transaction that held the lock
-- has committed by then, and its row is seen. Rows written earlier by the same statement are seen
-- too, so one statement cannot insert the same tag twice either.
--
-- A refusal is SQLSTATE WB409 with the message shown to the person and, as DETAIL, the existing
-- annotation as JSON; lib/server/annotations/duplicate-tag.ts turns it into a 409.
--
-- Paths that put back what was already there rather than tag anything (a project restored from its
-- export, a deleted document restored, an imported author's work re-credited to a member) set
-- workbench.keep_stacked_tags for their transaction: they keep the rows as they were.
CREATE FUNCTION annotation_refuse_duplicate_tag() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  existing RECORD;
BEGIN
  IF NEW."deletedAt" IS NOT NULL OR NEW.gold THEN
    RETURN NEW;
  END IF;
  -- An update that leaves the tag as it was (a note, attributes, a review) makes no new duplicate.
  IF TG_OP = 'UPDATE' AND OLD."deletedAt" IS NULL AND NOT OLD.gold
     AND OLD."documentId" = NEW."documentId" AND OLD."authorId" = NEW."authorId" AND OLD."labelId" = NEW."labelId"
     AND OLD.start = NEW.start AND OLD."end" = NEW."end" THEN
    RETURN NEW;
  END IF;
  IF current_setting('workbench.keep_stacked_tags', true) = 'on' THEN
    RETURN NEW;
  END IF;
  IF (SELECT p."allowStackedTags" FROM "Project" p WHERE p.id = NEW."projectId") THEN
    RETURN NEW;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext(NEW."documentId"::text));
  SELECT a.id, a.exact, a."labelId", l.name AS label INTO existing
  FROM "Annotation" a JOIN "Label" l ON l.id = a."labelId"
  WHERE a."documentId" = NEW."documentId" AND a.start = NEW.start AND a."end" = NEW."end" AND a."authorId" = NEW."authorId"
    AND a."labelId" = NEW."labelId" AND a."deletedAt" IS NULL AND NOT a.gold AND a.id <> NEW.id
  ORDER BY a."createdAt", a.id
  LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION USING
      ERRCODE = 'WB409',
      MESSAGE = format('You already tagged “%s” as %s (annotation %s); this project does not allow the same tag twice on one span.',
        CASE WHEN char_length(existing.exact) > 80 THEN left(existing.exact, 79) || '…' ELSE existing.exact END, existing.label, existing.id),
      DETAIL = jsonb_build_object('id', existing.id, 'label', existing.label, 'labelId', existing."labelId", 'quote', existing.exact)::text;
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER annotation_no_duplicate_tag
  BEFORE INSERT OR UPDATE OF "documentId", "authorId", "labelId", start, "end", "deletedAt", gold ON "Annotation"
  FOR EACH ROW EXECUTE FUNCTION annotation_refuse_duplicate_tag();
