-- Guards found by a review of the export and import jobs: the token a job came from (a job whose
-- token was revoked is not run), a run number (a run whose runner was taken for dead writes
-- nothing once a newer run started) and what the requester could see when the file was made.
ALTER TABLE "ExportJob" ADD COLUMN "tokenId" UUID,
    ADD COLUMN "attempt" INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN "seesAll" BOOLEAN,
    ADD COLUMN "seesGold" BOOLEAN;

ALTER TABLE "ImportJob" ADD COLUMN "tokenId" UUID;
