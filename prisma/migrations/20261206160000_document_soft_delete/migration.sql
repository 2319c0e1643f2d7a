-- Deleting a document puts it in "Deleted documents" for 30 days (restorable), then it is purged.
ALTER TABLE "Document" ADD COLUMN "deletedAt" TIMESTAMPTZ(3);
ALTER TABLE "Document" ADD COLUMN "deletedById" UUID;
CREATE INDEX "Document_projectId_deletedAt_idx" ON "Document"("projectId", "deletedAt");
ALTER TABLE "Document" ADD CONSTRAINT "Document_deletedById_fkey" FOREIGN KEY ("deletedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Open live streams re-check access when a document is deleted or restored, as when one is purged.
DROP TRIGGER "document_access_change" ON "Document";
CREATE TRIGGER "document_access_change" AFTER DELETE OR UPDATE OF "deletedAt" ON "Document"
  FOR EACH STATEMENT EXECUTE FUNCTION "notify_access_change"();
