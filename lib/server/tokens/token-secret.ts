import "server-only";
import crypto from "node:crypto";

// Secrets are 256 random bits, so a plain SHA-256 is enough to store them (no salt or slow hash
// needed: there is nothing to guess). The "awb_" prefix lets secret scanners and people tell a
// workbench token from other credentials.
export const TOKEN_PREFIX = "awb_";

export function newTokenSecret(): string {
  return TOKEN_PREFIX + crypto.randomBytes(32).toString("base64url");
}

export function hashTokenSecret(secret: string): string {
  return crypto.createHash("sha256").update(secret).digest("hex");
}

/** What the token list shows: enough to recognise a token, useless to use it. */
export const displayPrefix = (secret: string) => secret.slice(0, TOKEN_PREFIX.length + 6);
