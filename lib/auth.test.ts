// Auth.js's callbacks as Auth.js calls them after an OIDC provider answered (a fake profile; the
// provider round trip itself is Auth.js's), against the real database.
import { beforeAll, expect, test } from "vitest";
import { useTestDatabase } from "@/lib/testing/test-database";

type Loose = (args: Record<string, unknown>) => Promise<unknown>;
let signInCallback: Loose;
let jwtCallback: Loose;
let db: typeof import("@/lib/db").db;

beforeAll(async () => {
  process.env.AUTH_SECRET = "test-secret-for-the-auth-callbacks-0123456789";
  await useTestDatabase();
  ({ db } = await import("@/lib/db"));
  const { authConfig } = await import("@/lib/auth");
  signInCallback = authConfig.callbacks!.signIn as unknown as Loose;
  jwtCallback = authConfig.callbacks!.jwt as unknown as Loose;
});

const account = { provider: "oidc", type: "oidc", providerAccountId: "sub-1" };

test("an OIDC sign-in for a password sign-up's address is sent to prove the password, not let in", async () => {
  const { hashPassword } = await import("@/lib/server/auth/passwords");
  await db.user.create({ data: { email: "victim@corp.test", name: "Impostor", passwordHash: await hashPassword("the impostor's passphrase") } });
  const answer = await signInCallback({ account, profile: { email: "victim@corp.test", email_verified: true, name: "Victim" }, user: {} });
  expect(answer).toMatch(/^\/signin\/link\?token=[\w-]{43}$/);
});

test("a provider that leaves email_verified out lets nobody in, not even to a new account", async () => {
  const { hashPassword } = await import("@/lib/server/auth/passwords");
  await db.user.create({ data: { email: "owner@unstated.test", name: "Owner", passwordHash: await hashPassword("the owner's passphrase") } });
  for (const email of ["owner@unstated.test", "brand-new@unstated.test"]) {
    expect(await signInCallback({ account, profile: { email, name: "Someone" }, user: {} })).toBe("/signin?error=EmailNotVerified");
  }
  expect(await db.user.count({ where: { email: "brand-new@unstated.test" } })).toBe(0);
});

test("a verified new address gets its account and a session that ends when the row goes", async () => {
  const profile = { email: "fresh@sso.test", email_verified: true, name: "Fresh" };
  expect(await signInCallback({ account, profile, user: {} })).toBe(true);
  const token = (await jwtCallback({ token: {}, account, profile, user: {} })) as { uid: string; sid: string };
  const user = await db.user.findUniqueOrThrow({ where: { email: "fresh@sso.test" } });
  expect(token.uid).toBe(user.id);
  expect(user.emailVerifiedAt).not.toBeNull();
  expect(await jwtCallback({ token })).toEqual(token);
  await db.userSession.delete({ where: { id: token.sid } });
  expect(await jwtCallback({ token })).toBeNull();
});
