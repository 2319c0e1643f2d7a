-- Failures from a browser known to the account do not count toward their address's limit.
ALTER TABLE "SignInFailure" ADD COLUMN "knownDevice" BOOLEAN NOT NULL DEFAULT false;
