-- CreateEnum
CREATE TYPE "HistoryAction" AS ENUM ('CREATE', 'UPDATE', 'DELETE');

-- CreateTable
CREATE TABLE "AnnotationHistory" (
    "id" UUID NOT NULL,
    "annotationId" UUID NOT NULL,
    "actorId" UUID NOT NULL,
    "action" "HistoryAction" NOT NULL,
    "version" INTEGER NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AnnotationHistory_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AnnotationHistory_annotationId_createdAt_idx" ON "AnnotationHistory"("annotationId", "createdAt");

-- AddForeignKey
ALTER TABLE "AnnotationHistory" ADD CONSTRAINT "AnnotationHistory_annotationId_fkey" FOREIGN KEY ("annotationId") REFERENCES "Annotation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AnnotationHistory" ADD CONSTRAINT "AnnotationHistory_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- History is append-only: rows are never changed (they go only with their project).
CREATE FUNCTION "annotation_history_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'AnnotationHistory is append-only';
END;
$$;

CREATE TRIGGER "annotation_history_no_update" BEFORE UPDATE ON "AnnotationHistory"
  FOR EACH ROW EXECUTE FUNCTION "annotation_history_append_only"();
