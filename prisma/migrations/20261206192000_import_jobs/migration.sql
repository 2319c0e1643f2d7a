-- Annotation-set imports run by the job runner; the uploads wait here until it has read them.
CREATE TABLE "ImportJob" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "dryRun" BOOLEAN NOT NULL,
    "offsetUnit" TEXT,
    "restoresProjects" BOOLEAN NOT NULL,
    "state" "JobState" NOT NULL DEFAULT 'QUEUED',
    "files" INTEGER NOT NULL,
    "bytes" BIGINT NOT NULL,
    "report" JSONB,
    "error" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ImportJob_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "ImportUpload" (
    "jobId" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "ImportUpload_pkey" PRIMARY KEY ("jobId","seq")
);

CREATE INDEX "ImportJob_projectId_userId_createdAt_idx" ON "ImportJob"("projectId", "userId", "createdAt");
CREATE INDEX "ImportJob_createdAt_idx" ON "ImportJob"("createdAt");

ALTER TABLE "ImportJob" ADD CONSTRAINT "ImportJob_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ImportJob" ADD CONSTRAINT "ImportJob_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ImportUpload" ADD CONSTRAINT "ImportUpload_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "ImportJob"("id") ON DELETE CASCADE ON UPDATE CASCADE;
