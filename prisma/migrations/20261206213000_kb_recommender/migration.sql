-- The knowledge base's suggestions become one recommender like the others: a KNOWLEDGE_BASE
-- recommender per project (on/off, labels, figures), and decisions per person instead of one
-- project-wide status — under independent annotation one annotator's accept or reject must not
-- change what another is offered.

-- A new enum value cannot be used in the transaction that adds it (ALTER TYPE … ADD VALUE), and
-- this migration inserts rows of it: the type is made anew instead.
ALTER TYPE "RecommenderKind" RENAME TO "RecommenderKind_old";
CREATE TYPE "RecommenderKind" AS ENUM ('STRING_MATCHER', 'ENGLISH_NER', 'LABEL_STUDIO', 'OPENAI', 'KNOWLEDGE_BASE');
ALTER TABLE "Recommender" ALTER COLUMN "kind" TYPE "RecommenderKind" USING ("kind"::text::"RecommenderKind");
DROP TYPE "RecommenderKind_old";

CREATE TABLE "SuggestionDecision" (
    "id" UUID NOT NULL,
    "suggestionId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "verdict" "ProposalVerdict" NOT NULL,
    "labelId" UUID,
    "annotationId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SuggestionDecision_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "SuggestionDecision_suggestionId_userId_key" ON "SuggestionDecision"("suggestionId", "userId");
CREATE INDEX "SuggestionDecision_userId_idx" ON "SuggestionDecision"("userId");
CREATE INDEX "SuggestionDecision_labelId_idx" ON "SuggestionDecision"("labelId");
CREATE INDEX "SuggestionDecision_annotationId_idx" ON "SuggestionDecision"("annotationId");

ALTER TABLE "SuggestionDecision" ADD CONSTRAINT "SuggestionDecision_suggestionId_fkey" FOREIGN KEY ("suggestionId") REFERENCES "Suggestion"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "SuggestionDecision" ADD CONSTRAINT "SuggestionDecision_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "SuggestionDecision" ADD CONSTRAINT "SuggestionDecision_labelId_fkey" FOREIGN KEY ("labelId") REFERENCES "Label"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "SuggestionDecision" ADD CONSTRAINT "SuggestionDecision_annotationId_fkey" FOREIGN KEY ("annotationId") REFERENCES "Annotation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Each decision made so far stays the decision of the person who made it (and hides the
-- suggestion for them only). Its label: an accept's annotation's; a reject's, the one it was
-- offered with then — the label most used by the item's live mentions, else the first of its
-- kind. A decision whose maker's account is gone has nobody to belong to: the suggestion is open again.
INSERT INTO "SuggestionDecision" (id, "suggestionId", "userId", verdict, "labelId", "annotationId", "createdAt")
SELECT gen_random_uuid(), s.id, s."decidedById", s.status::text::"ProposalVerdict",
       COALESCE(
         a."labelId",
         CASE WHEN s.status = 'REJECTED' THEN COALESCE(
           (SELECT m."labelId" FROM "Annotation" m JOIN "Label" ml ON ml.id = m."labelId"
            WHERE m."canonicalId" = s."canonicalId" AND m."deletedAt" IS NULL
            GROUP BY m."labelId", ml.position ORDER BY count(*) DESC, ml.position LIMIT 1),
           (SELECT l.id FROM "Label" l JOIN "CanonicalItem" c ON c.id = s."canonicalId"
            WHERE l."projectId" = s."projectId" AND l.kind = c.kind ORDER BY l.position, l.name LIMIT 1)
         ) END
       ),
       s."annotationId", s."createdAt"
FROM "Suggestion" s LEFT JOIN "Annotation" a ON a.id = s."annotationId"
WHERE s.status <> 'OPEN' AND s."decidedById" IS NOT NULL;

DROP INDEX "Suggestion_documentId_status_idx";
ALTER TABLE "Suggestion" DROP CONSTRAINT "Suggestion_decidedById_fkey";
ALTER TABLE "Suggestion" DROP CONSTRAINT "Suggestion_annotationId_fkey";
ALTER TABLE "Suggestion" DROP COLUMN "status", DROP COLUMN "decidedById", DROP COLUMN "annotationId";
DROP TYPE "SuggestionStatus";

-- Every project has its knowledge-base recommender from the moment it exists, as it has its
-- string matcher (one trigger makes both now). It runs when documents are imported. A project
-- with a model server of that name already gets it under another.
DROP TRIGGER "project_string_matcher" ON "Project";
DROP FUNCTION "project_string_matcher"();

CREATE FUNCTION "project_builtin_recommenders"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "Recommender" (id, "projectId", name, kind, trigger, "updatedAt")
  VALUES (gen_random_uuid(), NEW.id, 'String matcher', 'STRING_MATCHER', 'ON_DEMAND', now()),
         (gen_random_uuid(), NEW.id, 'Knowledge base', 'KNOWLEDGE_BASE', 'ON_IMPORT', now())
  ON CONFLICT ("projectId", name) DO NOTHING;
  RETURN NULL;
END $$;

CREATE TRIGGER "project_builtin_recommenders" AFTER INSERT ON "Project"
  FOR EACH ROW EXECUTE FUNCTION "project_builtin_recommenders"();

INSERT INTO "Recommender" (id, "projectId", name, kind, trigger, "updatedAt")
SELECT gen_random_uuid(), p.id,
       CASE WHEN EXISTS (SELECT 1 FROM "Recommender" r WHERE r."projectId" = p.id AND r.name = 'Knowledge base')
            THEN 'Knowledge base (built in)' ELSE 'Knowledge base' END,
       'KNOWLEDGE_BASE', 'ON_IMPORT', now()
FROM "Project" p
WHERE NOT EXISTS (SELECT 1 FROM "Recommender" r WHERE r."projectId" = p.id AND r.kind = 'KNOWLEDGE_BASE')
ON CONFLICT ("projectId", name) DO NOTHING;
