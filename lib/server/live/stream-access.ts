import "server-only";
import type { Role } from "@/lib/generated/prisma/enums";
import { seesExprSql, type Visibility } from "@/lib/server/authz";
import { sqlPool } from "@/lib/server/db/sql-pool";
import { onAccessChange, onReconnected } from "@/lib/server/live/change-listener";

// The stream's visibility as the project's settings now have it.
const sees = seesExprSql("m.role", "g.user_id", "p");

// Access is checked for as long as access is used: an open event stream was authorized once, when
// it opened, and may stay open for hours. Every open stream of this process is re-checked in one
// statement whenever access may have changed (a trigger on memberships, tokens, accounts and
// documents and sessions sends ACCESS_CHANNEL, see the migrations access_change_notify and
// session_end_notify) and at least every
// RECHECK_MS as a backstop (a token's expiry sends nothing; a notification can be lost with the
// LISTEN connection). A stream whose access ended gets the reason and is closed.

export const RECHECK_MS = 5_000;

/** What a stream was opened with; everything `accessEnded` needs to decide whether that still holds. */
export type StreamGrant = {
  userId: string;
  documentId: string;
  /** The role the stream (and the page it serves) was opened with. */
  role: Role;
  /**
   * How the request was authenticated: a browser session (its UserSession row, which signing out
   * deletes; null for a request without one, e.g. a test calling the handler) or an API token.
   */
  via: { kind: "session"; sessionId: string | null } | { kind: "token"; tokenId: string };
  /** Whose annotations the stream sends (the access value's `sees`); the project's settings may change it. */
  sees?: Visibility;
};

export type AccessEnded =
  | { reason: "account deleted" | "signed out" | "token revoked" | "token expired" | "token no longer reaches this project" | "document deleted" | "removed from project" | "visibility changed" }
  | { reason: "role changed"; role: Role };

/**
 * The one function deciding whether streams still have access: for each grant, why its access
 * ended, or null while it holds. One statement for all of them, whatever their number.
 */
export async function accessEnded(grants: readonly StreamGrant[]): Promise<(AccessEnded | null)[]> {
  if (grants.length === 0) return [];
  const { rows } = await sqlPool().query<{ i: number; reason: AccessEnded["reason"] | null; role: Role | null }>(
    `SELECT g.i, m.role,
       CASE
         WHEN u.id IS NULL THEN 'account deleted'
         WHEN g.session_id IS NOT NULL AND s.id IS NULL THEN 'signed out'
         WHEN g.token_id IS NOT NULL AND t.id IS NULL THEN 'token revoked'
         WHEN t."expiresAt" <= now() THEN 'token expired'
         WHEN d.id IS NULL OR d."deletedAt" IS NOT NULL THEN 'document deleted'
         WHEN m."userId" IS NULL THEN 'removed from project'
         WHEN g.token_id IS NOT NULL AND tp."tokenId" IS NULL THEN 'token no longer reaches this project'
         WHEN m.role::text <> g.role THEN 'role changed'
         WHEN g.sees_all IS NOT NULL AND (${sees.all} IS DISTINCT FROM g.sees_all OR ${sees.ownerId} IS DISTINCT FROM g.sees_owner OR ${sees.gold} IS DISTINCT FROM g.sees_gold)
           THEN 'visibility changed'
       END AS reason
     FROM unnest($1::int[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::uuid[], $7::boolean[], $8::uuid[], $9::boolean[])
       AS g(i, user_id, document_id, token_id, role, session_id, sees_all, sees_owner, sees_gold)
     LEFT JOIN "User" u ON u.id = g.user_id
     LEFT JOIN "UserSession" s ON s.id = g.session_id AND s."userId" = g.user_id
     LEFT JOIN "Document" d ON d.id = g.document_id
     LEFT JOIN "Membership" m ON m."projectId" = d."projectId" AND m."userId" = g.user_id
     LEFT JOIN "Project" p ON p.id = d."projectId"
     LEFT JOIN "ApiToken" t ON t.id = g.token_id AND t."userId" = g.user_id
     LEFT JOIN "ApiTokenProject" tp ON tp."tokenId" = t.id AND tp."projectId" = d."projectId"`,
    [
      grants.map((_, i) => i),
      grants.map((g) => g.userId),
      grants.map((g) => g.documentId),
      grants.map((g) => (g.via.kind === "token" ? g.via.tokenId : null)),
      grants.map((g) => g.role),
      grants.map((g) => (g.via.kind === "session" ? g.via.sessionId : null)),
      grants.map((g) => g.sees?.all ?? null),
      grants.map((g) => g.sees?.ownerId ?? null),
      grants.map((g) => g.sees?.gold ?? null),
    ],
  );
  const result: (AccessEnded | null)[] = grants.map(() => null);
  for (const row of rows) {
    if (!row.reason) continue;
    result[row.i] = row.reason === "role changed" ? { reason: row.reason, role: row.role! } : { reason: row.reason };
  }
  return result;
}

type WatchedStream = { grant: StreamGrant; end: (ended: AccessEnded) => void };

type Watch = {
  streams: Set<WatchedStream>;
  timer: ReturnType<typeof setInterval> | null;
  running: Promise<void> | null;
  /** A change was announced while a check ran: check once more when it is done. */
  again: boolean;
  unsubscribe: (() => void) | null;
};

const globalWatch = globalThis as unknown as { streamAccessWatch?: Watch };
const watch: Watch = (globalWatch.streamAccessWatch ??= { streams: new Set(), timer: null, running: null, again: false, unsubscribe: null });

async function checkAll(): Promise<void> {
  const streams = [...watch.streams];
  // While the database is away nothing can be decided; streams say so themselves ("database"
  // event) and are checked again once it is back.
  const verdicts = await accessEnded(streams.map((s) => s.grant)).catch(() => [] as (AccessEnded | null)[]);
  verdicts.forEach((ended, i) => {
    if (ended && watch.streams.delete(streams[i])) streams[i].end(ended);
  });
}

/** Re-checks every open stream now; a request made while a check runs leads to exactly one more. */
export function recheckStreamAccess(): Promise<void> {
  if (watch.running) {
    watch.again = true;
    return watch.running;
  }
  watch.running = (async () => {
    do {
      watch.again = false;
      if (watch.streams.size) await checkAll();
    } while (watch.again);
  })().finally(() => {
    watch.running = null;
  });
  return watch.running;
}

/** Watches one stream's access until the returned function is called; `end` is called at most once. */
export function watchStreamAccess(grant: StreamGrant, end: (ended: AccessEnded) => void): () => void {
  const entry: WatchedStream = { grant, end };
  watch.streams.add(entry);
  if (!watch.timer) {
    watch.timer = setInterval(() => void recheckStreamAccess(), RECHECK_MS);
    watch.timer.unref?.();
    const offChange = onAccessChange(() => void recheckStreamAccess());
    // Notifications sent while the LISTEN connection was down are gone.
    const offReconnected = onReconnected(() => void recheckStreamAccess());
    watch.unsubscribe = () => (offChange(), offReconnected());
  }
  return () => {
    watch.streams.delete(entry);
    if (watch.streams.size === 0 && watch.timer) {
      clearInterval(watch.timer);
      watch.timer = null;
      watch.unsubscribe?.();
      watch.unsubscribe = null;
    }
  };
}
