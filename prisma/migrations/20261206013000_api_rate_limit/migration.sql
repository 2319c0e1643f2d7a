-- Requests per API token and per account in fixed time windows (lib/server/tokens/api-rate-limit.ts).
-- Counted in the database so the limit holds across every app instance; rows of past windows are
-- deleted as they age. No foreign keys: a counter row is written on every token request and must
-- stay cheap, and a deleted token's or account's rows simply age out.

-- CreateTable
CREATE TABLE "ApiRequestCount" (
    "key" TEXT NOT NULL,
    "windowStart" TIMESTAMPTZ(3) NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "ApiRequestCount_pkey" PRIMARY KEY ("key","windowStart"),
    -- Prisma's schema cannot say this; prisma/database-extras.sql declares it for the drift test.
    CONSTRAINT "ApiRequestCount_count_check" CHECK ("count" > 0)
);

-- CreateIndex
CREATE INDEX "ApiRequestCount_windowStart_idx" ON "ApiRequestCount"("windowStart");
