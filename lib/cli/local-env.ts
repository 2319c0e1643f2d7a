// Shared by the command-line entry points: where local state lives and how the database is found.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "@/lib/server/db/embedded-postgres";

export const PROJECT_ROOT = path.resolve(import.meta.dirname, "../..");

export function dataDir(): string {
  return path.resolve(process.env.WORKBENCH_DATA_DIR ?? path.join(PROJECT_ROOT, ".data"));
}

// The command line writes exports to standard output, so its progress messages go to standard error.
export const log = (message: string) => (process.env.WORKBENCH_CLI ? console.error : console.log)(`[workbench] ${message}`);

/** AUTH_SECRET from the environment, else generated once and kept under the data directory. */
export function ensureAuthSecret(dir: string): string {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  const file = path.join(dir, "auth-secret");
  if (!fs.existsSync(file)) fs.writeFileSync(file, crypto.randomBytes(32).toString("base64url") + "\n", { mode: 0o600 });
  return fs.readFileSync(file, "utf8").trim();
}

export type Database = { url: string; embedded: EmbeddedPostgres | null };

/** DATABASE_URL when set; otherwise an embedded PostgreSQL under <data>/postgres. */
export async function openDatabase(dir: string): Promise<Database> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, embedded: null };
  fs.mkdirSync(dir, { recursive: true });
  const embedded = await startEmbeddedPostgres({
    dataDir: path.join(dir, "postgres"),
    logFile: path.join(dir, "postgres.log"),
    port: Number(process.env.EMBEDDED_PG_PORT ?? 54329),
    log,
  });
  await embedded.ensureDatabase("workbench");
  return { url: embedded.urlFor("workbench"), embedded };
}
