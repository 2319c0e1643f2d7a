-- A global order of annotation changes, for live updates and catching up after a reconnect.
CREATE SEQUENCE "annotation_change_seq";

-- AlterTable
ALTER TABLE "Annotation" ADD COLUMN "seq" BIGINT NOT NULL DEFAULT nextval('annotation_change_seq'::regclass);

-- CreateIndex
CREATE INDEX "Annotation_documentId_seq_idx" ON "Annotation"("documentId", "seq");
