import "server-only";
import crypto from "node:crypto";

// The secret is 256 random bits, so a plain SHA-256 is enough to store it (nothing to guess,
// no salt or slow hash needed); only the hash is kept, the link is shown once.
export const newInvitationSecret = (): string => crypto.randomBytes(32).toString("base64url");

export const hashInvitationSecret = (secret: string): string => crypto.createHash("sha256").update(secret).digest("hex");

/** Where the person invited opens it; the app's origin is put in front by whoever shows it. */
export const invitationPath = (secret: string) => `/invitations/${encodeURIComponent(secret)}`;

/** Anything else is not a secret we made: answered as unknown without a database lookup. */
export const looksLikeInvitationSecret = (value: string) => /^[A-Za-z0-9_-]{43}$/.test(value);
