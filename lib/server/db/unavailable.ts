// Tells "the database cannot be reached right now" (stopped, restarting, overloaded, network)
// apart from every other failure, so the edge answers 503 — retry later, nothing is wrong with
// your request — instead of a 500. The browser's outbox keeps the change and sends it again.
//
// The same outage reaches us in several shapes: Prisma's own codes, the Prisma pg adapter's
// `driverAdapterError` (its `kind`, or the PostgreSQL code it wraps), plain `pg` errors from the
// export pool, and Node socket errors.

// P1001 can't reach server, P1002 reached but timed out, P1008 operation timed out, P1017 server
// closed the connection, P2024 timed out waiting for a pool connection.
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "EPIPE", "EHOSTUNREACH", "ENETUNREACH"]);
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
// The pg driver's own words when the socket closes without a PostgreSQL error message.
const DRIVER_MESSAGES = /Connection terminated|Client has encountered a connection error|Connection ended unexpectedly|Can't reach database server/i;

/**
 * PostgreSQL SQLSTATEs of an outage: class 08 (connection exception), 57P01–57P03 (shutting down,
 * crash recovery, starting up) and 53300 (too many connections).
 */
function isOutageSqlState(code: unknown): boolean {
  return typeof code === "string" && (/^08[0-9A-Z]{3}$/.test(code) || code === "57P01" || code === "57P02" || code === "57P03" || code === "53300");
}

type ErrorLike = { code?: unknown; message?: unknown; meta?: { driverAdapterError?: { cause?: { kind?: unknown; code?: unknown } } }; cause?: unknown };

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 4) return false;
  const e = error as ErrorLike;
  if (typeof e.code === "string" && (PRISMA_CODES.has(e.code) || SOCKET_CODES.has(e.code) || isOutageSqlState(e.code))) return true;
  const adapter = e.meta?.driverAdapterError?.cause;
  if (adapter && (ADAPTER_KINDS.has(adapter.kind as string) || (adapter.kind === "postgres" && isOutageSqlState(adapter.code)))) return true;
  if (typeof e.message === "string" && DRIVER_MESSAGES.test(e.message)) return true;
  return isDatabaseUnavailable(e.cause, depth + 1);
}
