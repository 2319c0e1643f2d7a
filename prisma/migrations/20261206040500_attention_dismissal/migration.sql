-- An author puts away the feedback on one of their annotations ("Needs your attention").
CREATE TABLE "AttentionDismissal" (
    "userId" UUID NOT NULL,
    "annotationId" UUID NOT NULL,
    "dismissedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AttentionDismissal_pkey" PRIMARY KEY ("userId","annotationId")
);

CREATE INDEX "AttentionDismissal_annotationId_idx" ON "AttentionDismissal"("annotationId");

ALTER TABLE "AttentionDismissal" ADD CONSTRAINT "AttentionDismissal_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "AttentionDismissal" ADD CONSTRAINT "AttentionDismissal_annotationId_fkey" FOREIGN KEY ("annotationId") REFERENCES "Annotation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
