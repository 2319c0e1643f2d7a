-- Imported authors: the people named in a project restored through the web who are not the
-- person restoring it. A web restore never makes them accounts or members (a crafted file could
-- otherwise make anyone a member, even an owner, of a project and credit work to them, or take an
-- address before its owner signs up). They become rows of "User" that are not accounts:
--   importedIntoProjectId  the project they were imported into (deleted with it);
--   email                  'imported:<id>' — not an address, so no sign-up, sign-in (credentials
--                          or provider) or invitation can ever match it; passwordHash stays null;
--   name                   '<name> (imported)', so every page and export says what they are;
--   originalEmail          the address the file gave, shown only to the project's owners;
--   mappedToId             the member an owner mapped them to (their work was re-credited).
-- Why rows of "User" and not a separate author table with nullable author columns: annotations,
-- reviews, comments, history, relations, curation decisions and assignments all reference "User"
-- (NOT NULL, with foreign keys), and layers, agreement, progress, search, the review queue and
-- every export read those columns and join "User" for a name. Keeping imported authors in the same
-- table keeps all of those working unchanged — an imported author is its own layer and annotator
-- in agreement and exports — where nullable references would need every reader changed and every
-- one-statement SQL path made null-aware. What makes them "not accounts" is enforced where
-- accounts are used: sign-in and sign-up look people up by address, and no address is theirs.

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "importedIntoProjectId" UUID,
ADD COLUMN     "mappedToId" UUID,
ADD COLUMN     "originalEmail" TEXT;

-- CreateIndex
CREATE INDEX "User_importedIntoProjectId_idx" ON "User"("importedIntoProjectId");

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_importedIntoProjectId_fkey" FOREIGN KEY ("importedIntoProjectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_mappedToId_fkey" FOREIGN KEY ("mappedToId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
