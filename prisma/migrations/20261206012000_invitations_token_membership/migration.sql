-- Invitations replace adding members directly by email (which told whether an account existed).
CREATE TABLE "Invitation" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "secretHash" TEXT NOT NULL,
    "invitedById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "revokedAt" TIMESTAMPTZ(3),
    "acceptedAt" TIMESTAMPTZ(3),
    "acceptedById" UUID,

    CONSTRAINT "Invitation_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "Invitation_secretHash_key" ON "Invitation"("secretHash");
CREATE INDEX "Invitation_projectId_email_idx" ON "Invitation"("projectId", "email");

ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_invitedById_fkey" FOREIGN KEY ("invitedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_acceptedById_fkey" FOREIGN KEY ("acceptedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Sign-ups refused because the address is taken, counted per client address.
CREATE TABLE "SignUpRefusal" (
    "id" UUID NOT NULL,
    "ip" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SignUpRefusal_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "SignUpRefusal_ip_createdAt_idx" ON "SignUpRefusal"("ip", "createdAt");
CREATE INDEX "SignUpRefusal_createdAt_idx" ON "SignUpRefusal"("createdAt");

-- A token reaches a project only through its owner's membership: the scope row now names the
-- owner and goes with the membership.
ALTER TABLE "ApiTokenProject" ADD COLUMN "userId" UUID;
UPDATE "ApiTokenProject" tp SET "userId" = t."userId" FROM "ApiToken" t WHERE t."id" = tp."tokenId";
-- Scope rows of people no longer in the project would come back to life if they were re-added.
DELETE FROM "ApiTokenProject" tp
 WHERE NOT EXISTS (SELECT 1 FROM "Membership" m WHERE m."projectId" = tp."projectId" AND m."userId" = tp."userId");
ALTER TABLE "ApiTokenProject" ALTER COLUMN "userId" SET NOT NULL;

CREATE UNIQUE INDEX "ApiToken_id_userId_key" ON "ApiToken"("id", "userId");

DROP INDEX "ApiTokenProject_projectId_idx";
CREATE INDEX "ApiTokenProject_projectId_userId_idx" ON "ApiTokenProject"("projectId", "userId");

ALTER TABLE "ApiTokenProject" DROP CONSTRAINT "ApiTokenProject_tokenId_fkey";
ALTER TABLE "ApiTokenProject" ADD CONSTRAINT "ApiTokenProject_tokenId_userId_fkey" FOREIGN KEY ("tokenId", "userId") REFERENCES "ApiToken"("id", "userId") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ApiTokenProject" ADD CONSTRAINT "ApiTokenProject_projectId_userId_fkey" FOREIGN KEY ("projectId", "userId") REFERENCES "Membership"("projectId", "userId") ON DELETE CASCADE ON UPDATE CASCADE;
