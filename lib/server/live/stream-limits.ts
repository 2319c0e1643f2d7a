import "server-only";
import { AppError } from "@/lib/server/errors";

// Each open event stream holds a connection, timers and a share of every presence broadcast in
// this process, so their number is capped: per account (a script or a browser gone wrong opening
// streams in a loop must not starve everyone else) and per app instance. Beyond either, opening
// answers 429 with Retry-After; the viewer's EventSource retries by itself. Counts are per
// instance: with several instances behind a balancer, an account may hold the per-account number
// on each.

const limit = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
};
export const maxStreamsPerAccount = () => limit("MAX_STREAMS_PER_ACCOUNT", 20);
export const maxStreamsPerInstance = () => limit("MAX_STREAMS_PER_INSTANCE", 2_000);

type Counts = { total: number; byUser: Map<string, number> };
const globalCounts = globalThis as unknown as { openStreamCounts?: Counts };
const counts: Counts = (globalCounts.openStreamCounts ??= { total: 0, byUser: new Map() });

const RETRY_AFTER_SECONDS = 10;

/** Takes one stream slot for `userId`, or refuses with 429; the returned function gives it back (once). */
export function claimStreamSlot(userId: string): () => void {
  const mine = counts.byUser.get(userId) ?? 0;
  if (mine >= maxStreamsPerAccount()) {
    throw new AppError(
      "RATE_LIMITED",
      `This account already has ${mine} live streams open here (the limit is ${maxStreamsPerAccount()}). Close some tabs and try again.`,
      undefined,
      { "Retry-After": String(RETRY_AFTER_SECONDS) },
    );
  }
  if (counts.total >= maxStreamsPerInstance()) {
    throw new AppError("RATE_LIMITED", "This server has as many live streams open as it takes. Try again shortly.", undefined, {
      "Retry-After": String(RETRY_AFTER_SECONDS),
    });
  }
  counts.byUser.set(userId, mine + 1);
  counts.total++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (counts.byUser.get(userId) ?? 1) - 1;
    if (left > 0) counts.byUser.set(userId, left);
    else counts.byUser.delete(userId);
    counts.total--;
  };
}

/** Open streams of this instance (for tests and the health check). */
export const openStreamCount = () => counts.total;
