// Starts one embedded PostgreSQL for the whole unit/integration run; each test file that needs a
// database creates its own (lib/testing/test-database.ts), so files never see each other's rows.
import fs from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { removeEmbeddedData, startEmbeddedPostgres, type EmbeddedPostgres } from "@/lib/server/db/embedded-postgres";

let server: EmbeddedPostgres | undefined;
let dir: string | undefined;

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

export async function setup(project: TestProject) {
  if (process.env.TEST_DATABASE_ADMIN_URL) {
    project.provide("pgAdminUrl", process.env.TEST_DATABASE_ADMIN_URL);
    return;
  }
  dir = path.resolve(import.meta.dirname, "../../.data", `vitest-${process.pid}`);
  fs.mkdirSync(dir, { recursive: true });
  server = await startEmbeddedPostgres({ dataDir: path.join(dir, "postgres"), logFile: path.join(dir, "postgres.log") });
  project.provide("pgAdminUrl", server.adminUrl);
}

export async function teardown() {
  await server?.stop();
  if (dir) {
    removeEmbeddedData(path.join(dir, "postgres"));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
