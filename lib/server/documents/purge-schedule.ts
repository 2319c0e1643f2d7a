import "server-only";
import { purgeDeletedDocuments } from "@/lib/server/documents/delete-document";
import { purgeExpiredExports } from "@/lib/server/export/export-jobs";
import { purgeExpiredImports } from "@/lib/server/import/import-jobs";

const HOUR_MS = 60 * 60 * 1000;

/**
 * Purges documents deleted more than 30 days ago, and export files past their 24 hours: once shortly after the server starts, then every
 * hour. Every instance may run it; the DELETE is idempotent. A failure (the database away) is
 * logged and tried again at the next hour.
 */
export function schedulePurge() {
  const run = () =>
    Promise.all([
      purgeDeletedDocuments().then(
        (purged) => purged && console.log(`Purged ${purged} document(s) deleted more than 30 days ago`),
        (error) => console.error("Could not purge deleted documents", error),
      ),
      purgeExpiredExports().catch((error) => console.error("Could not purge expired exports", error)),
      purgeExpiredImports().catch((error) => console.error("Could not purge old import reports", error)),
    ]);
  setTimeout(run, 10_000).unref?.();
  setInterval(run, HOUR_MS).unref?.();
}
