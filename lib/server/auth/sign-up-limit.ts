import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/server/errors";

// Sign-up must still refuse an address that has an account, and so tells that it has one. What
// is limited is the rate of learning it: an address that was refused this often within the
// window gets 429 for every sign-up (taken address or not, so the 429 itself tells nothing) until
// the oldest refusal leaves the window. Only refusals are counted, so a class signing up from
// one network is not slowed down; counted in the database so the limit holds across instances.
export const SIGN_UP_WINDOW_MS = 60 * 60 * 1000;
export const MAX_SIGN_UP_REFUSALS_PER_ADDRESS = 5;

/** Throws 429 with Retry-After when `ip` has used up its refusals. */
export async function checkSignUpAllowed(ip: string, now = new Date(), client: Pick<typeof db, "signUpRefusal"> = db): Promise<void> {
  const recent = await client.signUpRefusal.findMany({
    where: { ip, createdAt: { gt: new Date(now.getTime() - SIGN_UP_WINDOW_MS) } },
    orderBy: { createdAt: "desc" },
    take: MAX_SIGN_UP_REFUSALS_PER_ADDRESS,
    select: { createdAt: true },
  });
  if (recent.length < MAX_SIGN_UP_REFUSALS_PER_ADDRESS) return;
  const waitMs = recent[MAX_SIGN_UP_REFUSALS_PER_ADDRESS - 1].createdAt.getTime() + SIGN_UP_WINDOW_MS - now.getTime();
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  throw new AppError("RATE_LIMITED", `Too many sign-up attempts from your network. Try again in ${Math.ceil(seconds / 60)} minutes.`, undefined, {
    "retry-after": String(seconds),
  });
}

export async function recordSignUpRefusal(ip: string, now = new Date()): Promise<void> {
  await db.signUpRefusal.create({ data: { ip, createdAt: now } });
  await pruneSignUpRefusals(now);
}

/** Rows past the window count for nothing: pruned as refusals are recorded so the table stays small. */
export async function pruneSignUpRefusals(now = new Date()): Promise<void> {
  await db.signUpRefusal.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - SIGN_UP_WINDOW_MS) } } });
}

// Key of the two-integer advisory lock on a client address's sign-ups (see rate-limit.ts for the others).
const SIGN_UP_LOCK_ADDRESS = 71_003;

/**
 * Whether `email` already has an account, asked within the address's refusal limit: checking the
 * limit, looking the email up and recording a refusal happen under a database lock on the address,
 * so sign-ups sent all at once learn no more than ones sent one after another. Throws 429 when the
 * address has used up its refusals. The lock is held for three short queries, never a password hash.
 */
export async function emailTakenWithinLimit(ip: string, email: string, now = new Date()): Promise<boolean> {
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SIGN_UP_LOCK_ADDRESS}::int, hashtext(${ip}))`;
      await checkSignUpAllowed(ip, now, tx);
      if (!(await tx.user.findUnique({ where: { email }, select: { id: true } }))) return false;
      await tx.signUpRefusal.create({ data: { ip, createdAt: now } });
      return true;
    },
    { maxWait: 30_000, timeout: 30_000 },
  );
}
