// Sign-up still refuses a taken address (and so tells it is taken); the refusals are what is
// rate-limited, per client address, so probing for accounts through sign-up is slow.
import { beforeAll, expect, test } from "vitest";
import { uuidv7 } from "@/lib/ids";
import { useTestDatabase } from "@/lib/testing/test-database";

let db: typeof import("@/lib/db").db;
let signUp: typeof import("@/app/api/users/route").POST;

beforeAll(async () => {
  await useTestDatabase();
  ({ db } = await import("@/lib/db"));
  ({ POST: signUp } = await import("@/app/api/users/route"));
});

async function attempt(email: string, address: string) {
  const response = await signUp(
    new Request("http://local/api/users", {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": address },
      body: JSON.stringify({ email, name: "Prober", password: "correct horse battery" }),
    }),
  );
  return { status: response.status, retryAfter: response.headers.get("retry-after"), body: await response.json() };
}

test("after five 'address taken' refusals from one address, every sign-up from it gets 429 for a while", async () => {
  const prober = `198.51.100.${Math.floor(Math.random() * 200) + 1}`;
  const taken = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => db.user.create({ data: { email: `taken-${n}-${uuidv7()}@limit.test`, name: "Taken" } })));
  for (const user of taken.slice(0, 5)) {
    const refused = await attempt(user.email, prober);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatch(/already exists/);
  }
  // Taken or not, the answer is now the same 429: it tells nothing about the address.
  for (const email of [taken[5].email, `free-${uuidv7()}@limit.test`]) {
    const limited = await attempt(email, prober);
    expect(limited.status).toBe(429);
    expect(Number(limited.retryAfter)).toBeGreaterThan(3000);
    expect(limited.body.error).toMatch(/Too many sign-up attempts/);
  }
  expect(await db.user.count({ where: { email: { startsWith: "free-" } } })).toBe(0);

  // Someone else signs up as usual, and successful sign-ups are never counted.
  for (let n = 0; n < 7; n++) expect((await attempt(`class-${n}-${uuidv7()}@limit.test`, "192.0.2.10")).status).toBe(201);
});
