// `npm start` / `npm run dev`: database (embedded unless DATABASE_URL is set), migrations,
// demo data, then the Next.js server; Ctrl-C or SIGTERM stops both cleanly.
// Flags: --dev (next dev), --fresh (wipe the local data directory first; only under .data/).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { removeEmbeddedData } from "@/lib/server/db/embedded-postgres";
import { migrate } from "@/lib/server/db/migrate";
import { dataDir, ensureAuthSecret, log, openDatabase, PROJECT_ROOT, type Database } from "@/lib/cli/local-env";

const args = new Set(process.argv.slice(2));
const dev = args.has("--dev");
// --attach: one more app instance on the database of a workbench already started from the same
// data directory (tests of several instances behind a load balancer use it).
const attach = args.has("--attach");
const dir = dataDir();
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "127.0.0.1";
// Served to this machine only (the default), every user is on this machine, so a model server
// running beside the workbench may be called; listening more widely, only what the operator lists
// (lib/server/recommenders/outbound-guard.ts).
if (process.env.RECOMMENDER_PRIVATE_HOSTS === undefined && (host === "127.0.0.1" || host === "localhost" || host === "::1")) {
  process.env.RECOMMENDER_PRIVATE_HOSTS = "localhost,127.0.0.1,::1";
}
const nextBin = path.join(PROJECT_ROOT, "node_modules", "next", "dist", "bin", "next");

let database: Database | null = null;
let server: ChildProcess | null = null;
let worker: ChildProcess | null = null;
let stopping = false;

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  if (worker && worker.exitCode === null) {
    const exited = new Promise((resolve) => worker!.once("exit", resolve));
    worker.kill("SIGTERM");
    const force = setTimeout(() => worker?.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(force);
  }
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server!.once("exit", resolve));
    server.kill("SIGTERM");
    const force = setTimeout(() => server?.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(force);
  }
  if (database?.embedded) {
    log("Stopping the embedded PostgreSQL…");
    await database.embedded.stop();
  }
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

function newestSourceChange(): number {
  let newest = 0;
  const visit = (p: string) => {
    const stat = fs.statSync(p, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(p)) if (entry !== "node_modules") visit(path.join(p, entry));
    } else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const p of ["app", "components", "lib", "next.config.ts", "package-lock.json", "prisma/schema.prisma"]) visit(path.join(PROJECT_ROOT, p));
  return newest;
}

function buildIfNeeded() {
  const buildId = path.join(PROJECT_ROOT, ".next", "BUILD_ID");
  const built = fs.statSync(buildId, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  if (built > newestSourceChange()) return;
  log("Building the app (first start or sources changed)…");
  // Built without DATABASE_URL, as a Docker image or CI build is: the build must not need a database.
  const { DATABASE_URL: _unused, ...env } = process.env;
  const result = spawnSync(process.execPath, [nextBin, "build"], { cwd: PROJECT_ROOT, stdio: "inherit", env: { ...env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" } });
  if (result.status !== 0) throw new Error("next build failed");
}

// Idle keep-alive connections stay open longer than clients and proxies keep theirs (Node's default
// is 5 s): a client reusing a connection the server closes at that same moment gets ECONNRESET
// (seen in the e2e run). Proxies in front should time out first; 65 s is above the usual 60 s.
const KEEP_ALIVE_MS = "65000";

function startServer(env: NodeJS.ProcessEnv) {
  const args = dev ? ["dev", "-p", String(port), "-H", host] : ["start", "-p", String(port), "-H", host, "--keepAliveTimeout", KEEP_ALIVE_MS];
  server = spawn(process.execPath, [nextBin, ...args], { cwd: PROJECT_ROOT, stdio: "inherit", env });
  server.on("exit", (code) => void shutdown(code ?? 1));
  log(`Workbench on http://${host === "127.0.0.1" || host === "0.0.0.0" ? "localhost" : host}:${port}`);
}

// The job runner (lib/cli/worker.ts) as a process of its own beside the server: it runs the app's
// TypeScript through tsx as this script does, so nothing depends on how next build bundles the
// server (see lib/server/jobs/README.md). One per instance; the queue hands each job to one of them.
const tsxCli = path.join(PROJECT_ROOT, "node_modules", "tsx", "dist", "cli.mjs");
function startWorker(env: NodeJS.ProcessEnv) {
  worker = spawn(process.execPath, [tsxCli, "--conditions=react-server", path.join(PROJECT_ROOT, "lib", "cli", "worker.ts")], { cwd: PROJECT_ROOT, stdio: "inherit", env });
  worker.on("exit", (code) => {
    if (stopping) return;
    // Figures would silently stop being computed: start it again after a pause.
    log(`Job runner exited (${code}); restarting in 2 s.`);
    setTimeout(() => !stopping && startWorker(env), 2_000);
  });
}

async function main() {
  const runtimeFile = path.join(dir, "runtime.json");
  if (attach) {
    // Wait for the main instance of this data directory to be up: its runtime file names its pid,
    // so a file left behind by an earlier run (whose process is gone) is not mistaken for it.
    const alive = (pid: unknown) => {
      try {
        return typeof pid === "number" && process.kill(pid, 0);
      } catch {
        return false;
      }
    };
    const readRuntime = () => {
      try {
        return JSON.parse(fs.readFileSync(runtimeFile, "utf8")) as { databaseUrl: string; authSecret: string; pid?: number };
      } catch {
        return null;
      }
    };
    let runtime = readRuntime();
    for (let waited = 0; !runtime || !alive(runtime.pid); waited += 250, runtime = readRuntime()) {
      if (waited > 280_000) throw new Error(`No workbench started from ${dir} to attach to.`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const attachedEnv = { ...process.env, DATABASE_URL: runtime.databaseUrl, AUTH_SECRET: runtime.authSecret, AUTH_TRUST_HOST: "true", NEXT_TELEMETRY_DISABLED: "1" };
    startServer(attachedEnv);
    startWorker(attachedEnv);
    return;
  }
  if (args.has("--fresh")) {
    const localRoot = path.join(PROJECT_ROOT, ".data") + path.sep;
    if (process.env.DATABASE_URL || !(dir + path.sep).startsWith(localRoot)) {
      throw new Error("--fresh wipes local data and is only allowed for a data directory under .data/ without DATABASE_URL.");
    }
    removeEmbeddedData(path.join(dir, "postgres"));
    fs.rmSync(dir, { recursive: true, force: true });
  }
  fs.mkdirSync(dir, { recursive: true });
  database = await openDatabase(dir);
  const result = await migrate(database.url);
  if (result.applied.length) log(`Applied migrations: ${result.applied.join(", ")}`);
  process.env.DATABASE_URL = database.url;
  const authSecret = ensureAuthSecret(dir);

  if (process.env.SEED_DEMO !== "false") {
    const { seedDemo } = await import("@/lib/server/seed/seed-demo");
    const { db } = await import("@/lib/db");
    const seeded = await seedDemo(dir);
    await db.$disconnect();
    if (seeded.imported) log(`Imported ${seeded.imported} sample article(s) into "DPRK–Russia relations".`);
    log("Demo accounts (passwords kept in " + path.join(dir, "demo-accounts.json") + "):");
    for (const a of seeded.accounts) console.log(`    ${a.role.padEnd(9)} ${a.email.padEnd(28)} ${a.password}`);
  }

  if (!dev) buildIfNeeded();
  const env = { ...process.env, DATABASE_URL: database.url, AUTH_SECRET: authSecret, AUTH_TRUST_HOST: "true", NEXT_TELEMETRY_DISABLED: "1" };
  fs.writeFileSync(runtimeFile, JSON.stringify({ databaseUrl: database.url, authSecret, pid: process.pid }), { mode: 0o600 });
  startServer(env);
  startWorker(env);
}

main().catch(async (error) => {
  console.error(`[workbench] ${error instanceof Error ? error.message : String(error)}`);
  await shutdown(1);
});
