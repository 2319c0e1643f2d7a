import "server-only";
import crypto from "node:crypto";
import { db } from "@/lib/db";
import { emailSchema } from "@/lib/schemas/account";

// Whether an external sign-in (GitHub, OIDC) may act as a workbench account. The provider's word
// that the person controls an address is enough to make a new account for it, and to enter an
// account whose address the workbench has verified. It is not enough to enter an account made by
// signing up with a password: anyone can sign up with someone else's address, and the real owner
// would then work inside the impostor's account. There the person proves the account's password
// once (app/signin/link), which verifies the account's address for later sign-ins.

export type ExternalIdentity = { provider: string; email: unknown; emailVerified: boolean; name: unknown };
export type ExternalSignInDecision = { kind: "account"; userId: string } | { kind: "redirect"; url: string };

export const LINK_TTL_MS = 15 * 60 * 1000;

export const hashLinkToken = (token: string) => crypto.createHash("sha256").update(token).digest("base64url");

/** An OIDC claim of email_verified; a provider that leaves it out has not verified anything. */
export const claimsVerifiedEmail = (claim: unknown) => claim === true || claim === "true";

export async function decideExternalSignIn(identity: ExternalIdentity, now = new Date()): Promise<ExternalSignInDecision> {
  const email = emailSchema.safeParse(identity.email);
  if (!email.success) return { kind: "redirect", url: "/signin?error=NoEmail" };
  if (!identity.emailVerified) return { kind: "redirect", url: "/signin?error=EmailNotVerified" };
  const existing = await db.user.findUnique({ where: { email: email.data }, select: { id: true, emailVerifiedAt: true } });
  if (existing?.emailVerifiedAt) return { kind: "account", userId: existing.id };
  if (!existing) {
    const name = typeof identity.name === "string" && identity.name.trim() ? identity.name.trim().slice(0, 100) : email.data;
    try {
      const user = await db.user.create({ data: { email: email.data, name, emailVerifiedAt: now }, select: { id: true } });
      return { kind: "account", userId: user.id };
    } catch (error) {
      // Someone signed up with this address at the same moment: decide again against that account.
      if ((error as { code?: string }).code === "P2002") return decideExternalSignIn(identity, now);
      throw error;
    }
  }
  const token = crypto.randomBytes(32).toString("base64url");
  await db.pendingAccountLink.deleteMany({ where: { expiresAt: { lt: now } } });
  await db.pendingAccountLink.create({
    data: { tokenHash: hashLinkToken(token), email: email.data, provider: identity.provider, expiresAt: new Date(now.getTime() + LINK_TTL_MS) },
  });
  return { kind: "redirect", url: `/signin/link?token=${token}` };
}

/** The pending link for `token`, if it is still valid. */
export async function pendingLink(token: unknown, now = new Date()) {
  if (typeof token !== "string" || token.length > 100) return null;
  return db.pendingAccountLink.findFirst({
    where: { tokenHash: hashLinkToken(token), expiresAt: { gt: now } },
    select: { id: true, email: true, provider: true },
  });
}

/** GitHub's profile carries no verification flag; its email list does (scope user:email). */
export async function githubEmailVerified(accessToken: unknown, email: unknown): Promise<boolean> {
  if (typeof accessToken !== "string" || typeof email !== "string") return false;
  try {
    const response = await fetch("https://api.github.com/user/emails", {
      headers: { Authorization: `Bearer ${accessToken}`, "User-Agent": "annotation-workbench" },
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) return false;
    const emails = (await response.json()) as { email?: string; verified?: boolean }[];
    return emails.some((e) => e.verified === true && e.email?.toLowerCase() === email.trim().toLowerCase());
  } catch {
    return false;
  }
}
