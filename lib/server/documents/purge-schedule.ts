import "server-only";
import { purgeDeletedDocuments } from "@/lib/server/documents/delete-document";

const HOUR_MS = 60 * 60 * 1000;

/**
 * Purges documents deleted more than 30 days ago: once shortly after the server starts, then every
 * hour. Every instance may run it; the DELETE is idempotent. A failure (the database away) is
 * logged and tried again at the next hour.
 */
export function schedulePurge() {
  const run = () =>
    purgeDeletedDocuments().then(
      (purged) => purged && console.log(`Purged ${purged} document(s) deleted more than 30 days ago`),
      (error) => console.error("Could not purge deleted documents", error),
    );
  setTimeout(run, 10_000).unref?.();
  setInterval(run, HOUR_MS).unref?.();
}
