-- Exports made by the job runner, kept for their requester to download.
CREATE TYPE "JobState" AS ENUM ('QUEUED', 'RUNNING', 'DONE', 'FAILED');

CREATE TABLE "ExportJob" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "options" JSONB NOT NULL,
    "checkOnly" BOOLEAN NOT NULL DEFAULT false,
    "origin" TEXT NOT NULL,
    "state" "JobState" NOT NULL DEFAULT 'QUEUED',
    "fileName" TEXT,
    "contentType" TEXT,
    "bytes" BIGINT NOT NULL,
    "annotations" INTEGER,
    "summary" JSONB,
    "error" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ExportJob_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "ExportChunk" (
    "exportId" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "ExportChunk_pkey" PRIMARY KEY ("exportId","seq")
);

CREATE INDEX "ExportJob_projectId_userId_createdAt_idx" ON "ExportJob"("projectId", "userId", "createdAt");
CREATE INDEX "ExportJob_createdAt_idx" ON "ExportJob"("createdAt");

ALTER TABLE "ExportJob" ADD CONSTRAINT "ExportJob_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ExportJob" ADD CONSTRAINT "ExportJob_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ExportChunk" ADD CONSTRAINT "ExportChunk_exportId_fkey" FOREIGN KEY ("exportId") REFERENCES "ExportJob"("id") ON DELETE CASCADE ON UPDATE CASCADE;
