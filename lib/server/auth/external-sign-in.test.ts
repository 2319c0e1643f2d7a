// Which account an external sign-in (GitHub/OIDC) becomes, decided against the real database with
// the provider's answer as Auth.js hands it over.
import { beforeAll, expect, test } from "vitest";
import { useTestDatabase } from "@/lib/testing/test-database";

let db: typeof import("@/lib/db").db;
let sso: typeof import("@/lib/server/auth/external-sign-in");
let linkExternalAccount: typeof import("@/lib/server/account/link-external-account").linkExternalAccount;
let hashPassword: (p: string) => Promise<string>;

beforeAll(async () => {
  await useTestDatabase();
  ({ db } = await import("@/lib/db"));
  sso = await import("@/lib/server/auth/external-sign-in");
  ({ linkExternalAccount } = await import("@/lib/server/account/link-external-account"));
  ({ hashPassword } = await import("@/lib/server/auth/passwords"));
});

const oidc = (email: string, emailVerified: unknown) => ({ provider: "oidc", email, emailVerified: sso.claimsVerifiedEmail(emailVerified), name: "Victim" });
const notKnown = async () => false;

test("a password sign-up with someone else's address does not receive their SSO sign-in", async () => {
  const attacker = await db.user.create({ data: { email: "victim@corp.test", name: "Not the victim", passwordHash: await hashPassword("attacker's own passphrase") } });
  const decision = await sso.decideExternalSignIn(oidc("victim@corp.test", true));
  expect(decision).toMatchObject({ kind: "redirect", url: expect.stringMatching(/^\/signin\/link\?token=/) });
  expect(decision.kind === "account" && decision.userId === attacker.id).toBe(false);
  // The real owner of the address does not know the impostor's password: the link is refused.
  const token = new URL(decision.kind === "redirect" ? decision.url : "", "http://x").searchParams.get("token")!;
  await expect(linkExternalAccount({ token, password: "a guess at it" }, "198.51.100.1", notKnown)).rejects.toMatchObject({ code: "INVALID_INPUT" });
  expect((await db.user.findUniqueOrThrow({ where: { id: attacker.id } })).emailVerifiedAt).toBeNull();
});

test("a provider that does not state email_verified, or denies it, signs in to nothing and creates nothing", async () => {
  await db.user.create({ data: { email: "owner@unstated.test", name: "Owner", passwordHash: await hashPassword("owner's own passphrase") } });
  for (const claim of [undefined, false, "false", null]) {
    expect(await sso.decideExternalSignIn(oidc("owner@unstated.test", claim))).toEqual({ kind: "redirect", url: "/signin?error=EmailNotVerified" });
    expect(await sso.decideExternalSignIn(oidc("nobody@unstated.test", claim))).toEqual({ kind: "redirect", url: "/signin?error=EmailNotVerified" });
  }
  expect(await db.user.count({ where: { email: "nobody@unstated.test" } })).toBe(0);
});

test("the account's owner proves the password once; from then on the SSO sign-in joins the account", async () => {
  const owner = await db.user.create({ data: { email: "ada@linked.test", name: "Ada", passwordHash: await hashPassword("ada's own passphrase") } });
  const first = await sso.decideExternalSignIn(oidc("ada@linked.test", true));
  const token = new URL(first.kind === "redirect" ? first.url : "", "http://x").searchParams.get("token")!;
  expect(await linkExternalAccount({ token, password: "ada's own passphrase" }, "198.51.100.2", notKnown)).toEqual({ provider: "oidc" });
  expect(await sso.decideExternalSignIn(oidc("ada@linked.test", true))).toEqual({ kind: "account", userId: owner.id });
  // The link was used up.
  await expect(linkExternalAccount({ token, password: "ada's own passphrase" }, "198.51.100.2", notKnown)).rejects.toMatchObject({ code: "NOT_FOUND" });
});

test("a new address becomes a verified account; an expired link is refused", async () => {
  const decision = await sso.decideExternalSignIn(oidc("new@sso.test", "true"));
  expect(decision.kind).toBe("account");
  expect((await db.user.findUniqueOrThrow({ where: { email: "new@sso.test" } })).emailVerifiedAt).not.toBeNull();
  expect(await sso.decideExternalSignIn(oidc("new@sso.test", true))).toEqual(decision);

  await db.user.create({ data: { email: "late@sso.test", name: "Late", passwordHash: await hashPassword("late person's passphrase") } });
  const old = await sso.decideExternalSignIn(oidc("late@sso.test", true), new Date(Date.now() - sso.LINK_TTL_MS - 1000));
  const token = new URL(old.kind === "redirect" ? old.url : "", "http://x").searchParams.get("token")!;
  await expect(linkExternalAccount({ token, password: "late person's passphrase" }, "198.51.100.3", notKnown)).rejects.toMatchObject({ code: "NOT_FOUND" });
});

test("twenty wrong passwords for a pending link sent at once: at most the free tries are checked, the rest get 429", async () => {
  await db.user.create({ data: { email: "grace@burst-link.test", name: "Grace", passwordHash: await hashPassword("grace's own passphrase") } });
  const decision = await sso.decideExternalSignIn(oidc("grace@burst-link.test", true));
  const token = new URL(decision.kind === "redirect" ? decision.url : "", "http://x").searchParams.get("token")!;
  const codes = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      linkExternalAccount({ token, password: `guess ${i}` }, "203.0.113.88", notKnown).then(
        () => "LINKED",
        (error: { code?: string }) => error.code,
      ),
    ),
  );
  const { FREE_FAILURES_PER_PAIR } = await import("@/lib/server/auth/rate-limit");
  expect(await db.signInFailure.count({ where: { email: "grace@burst-link.test" } })).toBeLessThanOrEqual(FREE_FAILURES_PER_PAIR);
  expect(codes.filter((c) => c === "RATE_LIMITED").length).toBeGreaterThanOrEqual(20 - FREE_FAILURES_PER_PAIR);
  expect(codes).not.toContain("LINKED");
});
