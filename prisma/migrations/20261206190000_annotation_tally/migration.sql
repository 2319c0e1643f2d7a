-- Live annotation counts per document, author and layer, kept by statement-level triggers with
-- transition tables: a bulk insert of 20,000 annotations makes one grouped upsert, not 20,000.
CREATE TABLE "AnnotationTally" (
    "documentId" UUID NOT NULL,
    "authorId" UUID NOT NULL,
    "gold" BOOLEAN NOT NULL,
    "projectId" UUID NOT NULL,
    "n" INTEGER NOT NULL,

    CONSTRAINT "AnnotationTally_pkey" PRIMARY KEY ("documentId","authorId","gold")
);

CREATE INDEX "AnnotationTally_projectId_idx" ON "AnnotationTally"("projectId");

ALTER TABLE "AnnotationTally" ADD CONSTRAINT "AnnotationTally_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Adds the changes' net counts. Rows are upserted in key order so that two statements touching the
-- same rows lock them in the same order. A document deleted by the same statement (the cascade
-- from "Document" or "Project") has no row to keep: its tally went with it.
CREATE FUNCTION "annotation_tally_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "AnnotationTally" ("documentId", "authorId", gold, "projectId", n)
    SELECT "documentId", "authorId", gold, min("projectId"::text)::uuid, count(*)::int FROM new_rows
    WHERE "deletedAt" IS NULL GROUP BY "documentId", "authorId", gold
    ORDER BY "documentId", "authorId", gold
    ON CONFLICT ("documentId", "authorId", gold) DO UPDATE SET n = "AnnotationTally".n + EXCLUDED.n;
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE "AnnotationTally" t SET n = t.n - c.n
    FROM (SELECT "documentId", "authorId", gold, count(*)::int AS n FROM old_rows WHERE "deletedAt" IS NULL
          GROUP BY "documentId", "authorId", gold) c
    WHERE t."documentId" = c."documentId" AND t."authorId" = c."authorId" AND t.gold = c.gold;
  ELSE
    INSERT INTO "AnnotationTally" ("documentId", "authorId", gold, "projectId", n)
    SELECT c."documentId", c."authorId", c.gold, c."projectId", c.n FROM (
      SELECT "documentId", "authorId", gold, min("projectId"::text)::uuid AS "projectId", sum(d)::int AS n FROM (
        SELECT "documentId", "authorId", gold, "projectId", 1 AS d FROM new_rows WHERE "deletedAt" IS NULL
        UNION ALL
        SELECT "documentId", "authorId", gold, "projectId", -1 AS d FROM old_rows WHERE "deletedAt" IS NULL
      ) x GROUP BY "documentId", "authorId", gold HAVING sum(d) <> 0
    ) c
    WHERE EXISTS (SELECT 1 FROM "Document" d WHERE d.id = c."documentId")
    ORDER BY c."documentId", c."authorId", c.gold
    ON CONFLICT ("documentId", "authorId", gold) DO UPDATE SET n = "AnnotationTally".n + EXCLUDED.n;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "annotation_tally_insert" AFTER INSERT ON "Annotation"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "annotation_tally_apply"();
CREATE TRIGGER "annotation_tally_update" AFTER UPDATE ON "Annotation"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "annotation_tally_apply"();
CREATE TRIGGER "annotation_tally_delete" AFTER DELETE ON "Annotation"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "annotation_tally_apply"();

INSERT INTO "AnnotationTally" ("documentId", "authorId", gold, "projectId", n)
SELECT "documentId", "authorId", gold, min("projectId"::text)::uuid, count(*)::int FROM "Annotation"
WHERE "deletedAt" IS NULL GROUP BY "documentId", "authorId", gold;
