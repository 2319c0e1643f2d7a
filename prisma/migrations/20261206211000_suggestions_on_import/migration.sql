-- Suggestions on import run as a job (queue "suggestions"); the import marks its documents until it has run.
ALTER TABLE "Document" ADD COLUMN "suggestionsQueuedAt" TIMESTAMPTZ(3);
