-- Agreement and progress are computed by background jobs and served from this table with their age.
CREATE TABLE "ComputedFigures" (
    "projectId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "scope" TEXT NOT NULL DEFAULT '',
    "result" JSONB,
    "inputMarker" TEXT NOT NULL DEFAULT '',
    "computedAt" TIMESTAMPTZ(3),
    "computingSince" TIMESTAMPTZ(3),
    "progressDone" INTEGER NOT NULL DEFAULT 0,
    "progressTotal" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ComputedFigures_pkey" PRIMARY KEY ("projectId","kind","scope")
);

ALTER TABLE "ComputedFigures" ADD CONSTRAINT "ComputedFigures_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
