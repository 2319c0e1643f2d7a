// Sign-in throttling against the real database: slow for guessers, never a lock for the owner.
import { beforeAll, expect, test } from "vitest";
import { useTestDatabase } from "@/lib/testing/test-database";

let db: typeof import("@/lib/db").db;
let rl: typeof import("@/lib/server/auth/rate-limit");

beforeAll(async () => {
  await useTestDatabase();
  ({ db } = await import("@/lib/db"));
  rl = await import("@/lib/server/auth/rate-limit");
});

const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms);

test("from one address, each failure beyond the first few doubles the wait for that account", async () => {
  const attempt = { email: "pair@limits.test", ip: "203.0.113.1" };
  const waits: (number | null)[] = [];
  for (let i = 0; i < 6; i++) {
    await rl.recordSignInFailure(attempt.email, attempt.ip, at(i * 1000 * 1000));
    waits.push(await rl.signInRetryAfter(attempt, at(i * 1000 * 1000)));
  }
  // Failures 1000 s apart, more than the window: never more than one counts, never a wait.
  expect(waits.every((w) => w === null)).toBe(true);
  const burst = { email: "burst@limits.test", ip: "203.0.113.2" };
  const seen: (number | null)[] = [];
  for (let i = 0; i < 6; i++) {
    await rl.recordSignInFailure(burst.email, burst.ip, at(i));
    seen.push(await rl.signInRetryAfter(burst, at(i)));
  }
  expect(seen).toEqual([null, null, 30, 60, 120, 240]);
  // The same account from another address is not slowed at all.
  expect(await rl.signInRetryAfter({ email: burst.email, ip: "198.51.100.1" }, at(6))).toBeNull();
  // Waiting long enough lets the next try through.
  expect(await rl.signInRetryAfter(burst, at(5 + 239_000))).toBe(1);
  expect(await rl.signInRetryAfter(burst, at(5 + 240_000))).toBeNull();
});

test("many addresses failing on one account stop new devices; a known device passes", async () => {
  const email = "spread@limits.test";
  for (let i = 0; i < rl.MAX_FAILURES_PER_ACCOUNT; i++) await rl.recordSignInFailure(email, `203.0.113.${50 + i}`, at(i));
  expect(await rl.signInRetryAfter({ email, ip: "198.51.100.2" }, at(100))).toBeGreaterThan(0);
  expect(await rl.signInRetryAfter({ email, ip: "198.51.100.2", knownDevice: true }, at(100))).toBeNull();
});

test("one address failing on many accounts stops new devices, whatever account they try next; a known device behind it passes", async () => {
  const ip = "203.0.113.99";
  for (let i = 0; i < rl.MAX_FAILURES_PER_ADDRESS; i++) await rl.recordSignInFailure(`victim-${i}@limits.test`, ip, at(i));
  expect(await rl.signInRetryAfter({ email: "fresh@limits.test", ip }, at(100))).toBeGreaterThan(0);
  // A shared (NAT) address full of junk failures does not lock out people whose browser is known.
  expect(await rl.signInRetryAfter({ email: "fresh@limits.test", ip, knownDevice: true }, at(100))).toBeNull();
});

test("failures from known devices do not count toward their address's limit", async () => {
  const ip = "203.0.113.98";
  for (let i = 0; i < rl.MAX_FAILURES_PER_ADDRESS; i++) await rl.recordSignInFailure(`typo-${i}@limits.test`, ip, at(i), true);
  expect(await rl.signInRetryAfter({ email: "someone@limits.test", ip }, at(100))).toBeNull();
});

test("concurrent claims for one account and address: only the free tries are granted", async () => {
  const attempt = { email: "claims@limits.test", ip: "203.0.113.97" };
  const claims = await Promise.all(Array.from({ length: 20 }, () => rl.claimSignInAttempt(attempt)));
  expect(claims.filter((c) => c.ok).length).toBe(rl.FREE_FAILURES_PER_PAIR);
  expect(claims.filter((c) => !c.ok).every((c) => !c.ok && c.retryAfter > 0)).toBe(true);
  // A granted try that turns out right is not a failure; the others stay counted.
  const granted = claims.filter((c) => c.ok);
  await rl.settleSignInAttempt(granted[0], true);
  await rl.settleSignInAttempt(granted[1], false);
  expect(await db.signInFailure.count({ where: attempt })).toBe(0);
});

test("failures older than the window are deleted as new ones are recorded", async () => {
  const old = Array.from({ length: 30 }, (_, i) => ({ email: `old-${i}@limits.test`, ip: "192.0.2.1", createdAt: at(-rl.SIGN_IN_WINDOW_MS - 1000 - i) }));
  await db.signInFailure.createMany({ data: old });
  await rl.recordSignInFailure("new@limits.test", "192.0.2.2", at(0));
  expect(await db.signInFailure.count({ where: { ip: "192.0.2.1" } })).toBe(0);
  expect(await db.signInFailure.count({ where: { ip: "192.0.2.2" } })).toBe(1);
});

test("the client address is the hop left of the trusted proxies; what the client wrote further left is ignored", () => {
  const headers = (xff: string) => new Headers({ "x-forwarded-for": xff });
  // No proxy: the server appended the connection's address; the client's own header is ignored.
  expect(rl.clientAddress(headers("6.6.6.6, 198.51.100.7"), 0)).toBe("198.51.100.7");
  // One proxy: it appended what it saw, then the server appended the proxy.
  expect(rl.clientAddress(headers("6.6.6.6, 198.51.100.7, 10.0.0.2"), 1)).toBe("198.51.100.7");
  expect(rl.clientAddress(headers("198.51.100.7, 10.0.0.2"), 1)).toBe("198.51.100.7");
  // A request that went around the proxy has fewer hops: the nearest one is used.
  expect(rl.clientAddress(headers("198.51.100.8"), 1)).toBe("198.51.100.8");
  expect(rl.clientAddress(new Headers(), 0)).toBe("unknown");
});

test("TRUST_PROXY=false (or 0, no, off) trusts no proxy, as the origin check does", () => {
  const saved = { TRUST_PROXY: process.env.TRUST_PROXY, TRUSTED_PROXY_COUNT: process.env.TRUSTED_PROXY_COUNT };
  try {
    delete process.env.TRUSTED_PROXY_COUNT;
    for (const off of ["false", "0", "no", "OFF", ""]) {
      process.env.TRUST_PROXY = off;
      expect(rl.trustedProxyCount(), off).toBe(0);
      // Connected directly from 203.0.113.9; the client wrote 10.0.0.1 itself.
      expect(rl.clientAddress(new Headers({ "x-forwarded-for": "10.0.0.1, 203.0.113.9" })), off).toBe("203.0.113.9");
    }
    for (const on of ["1", "true", "yes"]) {
      process.env.TRUST_PROXY = on;
      expect(rl.trustedProxyCount(), on).toBe(1);
    }
  } finally {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
  }
});

test("TRUST_PROXY=1 (the old setting) means one trusted proxy, and trusts its hop, not the client-written first one", () => {
  const saved = { TRUST_PROXY: process.env.TRUST_PROXY, TRUSTED_PROXY_COUNT: process.env.TRUSTED_PROXY_COUNT };
  try {
    delete process.env.TRUSTED_PROXY_COUNT;
    process.env.TRUST_PROXY = "1";
    expect(rl.clientAddress(new Headers({ "x-forwarded-for": "6.6.6.6, 198.51.100.7, 10.0.0.2" }))).toBe("198.51.100.7");
    process.env.TRUSTED_PROXY_COUNT = "2";
    expect(rl.clientAddress(new Headers({ "x-forwarded-for": "6.6.6.6, 198.51.100.7, 10.0.0.3, 10.0.0.2" }))).toBe("198.51.100.7");
  } finally {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
  }
});
