import pg from "pg";
import type PgBoss from "pg-boss";
import { ANNOTATION_CHANNEL } from "@/lib/server/annotations/notify";
import { enqueueFigures } from "@/lib/server/jobs/queue";

// Figures someone has looked at are kept up to date without waiting for the next look: the runner
// hears of every committed annotation change (the same NOTIFY the live event streams use) and
// queues a recomputation of the changed document's figures and its project's — debounced by the
// queue (one waiting job per key). A change whose notice is missed (connection down) is still
// caught: a read compares the stored input marker with the current one.

const FLUSH_MS = 500;

/** Starts listening; `ready` resolves once the first LISTEN is in place (changes before it are caught on read). */
export function watchAnnotationChanges(connectionString: string, boss: PgBoss): { ready: Promise<void>; stop: () => Promise<void> } {
  const changed = new Set<string>();
  let client: pg.Client | null = null;
  let stopped = false;
  let reconnect: NodeJS.Timeout | null = null;
  let listening: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (listening = resolve));

  const flush = async () => {
    if (!changed.size) return;
    const documentIds = [...changed];
    changed.clear();
    const query = await boss.getDb().executeSql(
      `SELECT d.id AS "documentId", d."projectId",
              EXISTS (SELECT 1 FROM "ComputedFigures" f WHERE f."projectId" = d."projectId" AND f.scope = '') AS "projectShown",
              EXISTS (SELECT 1 FROM "ComputedFigures" f WHERE f."projectId" = d."projectId" AND f.kind = 'document-agreement' AND f.scope = d.id::text) AS "documentShown"
         FROM "Document" d WHERE d.id = ANY($1::uuid[])`,
      [documentIds],
    );
    const rows = query.rows as { documentId: string; projectId: string; projectShown: boolean; documentShown: boolean }[];
    for (const projectId of new Set(rows.filter((r) => r.projectShown).map((r) => r.projectId))) await enqueueFigures({ projectId }, boss);
    for (const r of rows.filter((row) => row.documentShown)) await enqueueFigures({ projectId: r.projectId, documentId: r.documentId }, boss);
  };
  const timer = setInterval(() => void flush().catch((error) => console.error("[jobs] change watcher:", error instanceof Error ? error.message : error)), FLUSH_MS);

  const connect = async () => {
    if (stopped) return;
    const c = new pg.Client({ connectionString: process.env.DATABASE_LISTEN_URL || connectionString, keepAlive: true });
    const retry = () => {
      if (stopped || client !== c) return;
      client = null;
      c.end().catch(() => undefined);
      reconnect = setTimeout(() => void connect(), 2_000);
    };
    client = c;
    c.on("error", retry);
    c.on("end", retry);
    c.on("notification", (message) => {
      try {
        const { documentId } = JSON.parse(message.payload ?? "{}") as { documentId?: string };
        if (documentId) changed.add(documentId);
      } catch {
        // Not ours to understand; the marker check on read still catches the change.
      }
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${ANNOTATION_CHANNEL}`);
      listening();
    } catch {
      retry();
    }
  };
  void connect();

  const stop = async () => {
    stopped = true;
    clearInterval(timer);
    if (reconnect) clearTimeout(reconnect);
    const c = client;
    client = null;
    await c?.end().catch(() => undefined);
    listening();
  };
  return { ready, stop };
}
