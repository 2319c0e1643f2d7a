-- Independent annotation (issue 13): what members see of other people's annotations is a project
-- setting. Projects that exist keep what they had — everyone sees everyone's work — and only
-- projects made from now on start with annotators seeing their own work and viewers the gold layer.
CREATE TYPE "AnnotatorVisibility" AS ENUM ('OWN', 'EVERYONE');
CREATE TYPE "ViewerVisibility" AS ENUM ('GOLD', 'EVERYONE');

ALTER TABLE "Project" ADD COLUMN "annotatorsSee" "AnnotatorVisibility" NOT NULL DEFAULT 'EVERYONE';
ALTER TABLE "Project" ALTER COLUMN "annotatorsSee" SET DEFAULT 'OWN';
ALTER TABLE "Project" ADD COLUMN "annotatorsSeeGold" BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE "Project" ALTER COLUMN "annotatorsSeeGold" SET DEFAULT false;
ALTER TABLE "Project" ADD COLUMN "viewersSee" "ViewerVisibility" NOT NULL DEFAULT 'EVERYONE';
ALTER TABLE "Project" ALTER COLUMN "viewersSee" SET DEFAULT 'GOLD';

-- Whether some version of an annotation was made while its project's annotators saw each other's
-- work. Every annotator's annotation so far was: nothing could be hidden before this migration.
ALTER TABLE "Annotation" ADD COLUMN "madeWhileShared" BOOLEAN NOT NULL DEFAULT false;
UPDATE "Annotation" SET "madeWhileShared" = true WHERE NOT gold;

-- Set by the database so that no write path (the one-statement SQL paths, Prisma, imports) can
-- forget it: on insert, and on every new version (an edit by its author bumps the version;
-- reviews, links and curation of other annotations do not). Once shared, always shared: the
-- annotation may carry what its author saw then.
CREATE FUNCTION "annotation_made_while_shared"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.gold THEN
    NEW."madeWhileShared" := false;
  ELSIF TG_OP = 'INSERT' OR NEW.version IS DISTINCT FROM OLD.version THEN
    NEW."madeWhileShared" := (TG_OP = 'UPDATE' AND OLD."madeWhileShared")
      OR COALESCE((SELECT p."annotatorsSee" = 'EVERYONE' FROM "Project" p WHERE p.id = NEW."projectId"), false);
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER "annotation_made_while_shared" BEFORE INSERT OR UPDATE ON "Annotation"
  FOR EACH ROW EXECUTE FUNCTION "annotation_made_while_shared"();
