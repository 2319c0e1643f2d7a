// Processes a fault test starts, breaks and restarts by itself: a whole workbench of its own
// (lib/cli/start.ts with its own data directory and embedded PostgreSQL, so stopping that database
// disturbs no other spec), extra app server instances on its database, and the database itself.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../lib/server/db/embedded-postgres";

const ROOT = path.resolve(import.meta.dirname, "..");
const TSX = path.join(ROOT, "node_modules/tsx/dist/cli.mjs");

type Runtime = { databaseUrl: string; authSecret: string };

async function until(what: string, probe: () => Promise<boolean> | boolean, ms: number, output: () => string = () => "") {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.\n${output().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const healthy = (url: string) =>
  fetch(`${url}/api/health`)
    .then((r) => r.ok)
    .catch(() => false);

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** A process group of ours; `kill` ends all of it (tsx runs a second node process under the first). */
class Started {
  output = "";
  readonly exited: Promise<void>;
  constructor(readonly child: ChildProcess) {
    child.stdout?.on("data", (d) => (this.output += d));
    child.stderr?.on("data", (d) => (this.output += d));
    this.exited = new Promise((resolve) => child.once("exit", () => resolve()));
  }
  get running() {
    return this.child.exitCode === null && this.child.signalCode === null;
  }
  /** SIGKILL ends the whole group at once; SIGTERM asks the first process to shut down cleanly, which it passes on. */
  async kill(signal: "SIGKILL" | "SIGTERM") {
    if (!this.running) return;
    const killGroup = () => {
      try {
        process.kill(-this.child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
    };
    if (signal === "SIGKILL") killGroup();
    else this.child.kill("SIGTERM");
    const force = setTimeout(killGroup, 30_000);
    await this.exited;
    clearTimeout(force);
  }
}

/** One more app server (`start.ts --attach`) on the database of a running workbench, as behind a load balancer. */
export class AppInstance {
  private process: Started | null = null;
  constructor(
    readonly port: number,
    private readonly dataDir: string,
  ) {}

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  async start() {
    if (this.process?.running) return;
    const child = spawn(process.execPath, [TSX, "--conditions=react-server", "lib/cli/start.ts", "--attach"], {
      cwd: ROOT,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, WORKBENCH_DATA_DIR: this.dataDir, PORT: String(this.port), DATABASE_URL: "", AUTH_SECRET: "" },
    });
    const started = (this.process = new Started(child));
    await until(`the app instance on port ${this.port}`, () => {
      if (!started.running) throw new Error(`The app instance on port ${this.port} exited:\n${started.output}`);
      return healthy(this.url);
    }, 60_000, () => started.output);
  }

  /** A crash: SIGKILL to the launcher and the server it runs, no chance to close anything. */
  async crash() {
    await this.process?.kill("SIGKILL");
  }

  async stop() {
    await this.process?.kill("SIGKILL");
  }
}

/**
 * A fresh workbench under .data/ on its own ports: `lib/cli/start.ts --fresh` (embedded PostgreSQL,
 * migrations, `next start`), without demo data.
 */
export class FaultWorkbench {
  private workbench: Started | null = null;
  /** Set once the test restarted the database itself (start.ts's own server is gone then). */
  private restarted: EmbeddedPostgres | null = null;
  readonly dataDir: string;
  runtime: Runtime = { databaseUrl: "", authSecret: "" };

  constructor(readonly port: number) {
    this.dataDir = path.join(ROOT, ".data", `e2e-faults-${port}`);
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Whether the workbench's app server is still up (start.ts exits when its server does). */
  get running() {
    return !!this.workbench?.running;
  }

  private get pgDir() {
    return path.join(this.dataDir, "postgres");
  }

  private postmasterPid(): number | null {
    const file = path.join(this.pgDir, "postmaster.pid");
    if (!fs.existsSync(file)) return null;
    const pid = Number(fs.readFileSync(file, "utf8").split("\n")[0]);
    return pid && alive(pid) ? pid : null;
  }

  async start() {
    // A server left by a run that was killed outright would hold the data directory.
    await this.stopDatabase().catch(() => undefined);
    const child = spawn(process.execPath, [TSX, "--conditions=react-server", "lib/cli/start.ts", "--fresh"], {
      cwd: ROOT,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, WORKBENCH_DATA_DIR: this.dataDir, PORT: String(this.port), EMBEDDED_PG_PORT: "0", DATABASE_URL: "", AUTH_SECRET: "", SEED_DEMO: "false" },
    });
    const started = (this.workbench = new Started(child));
    await until("the fault-test workbench", () => {
      if (!started.running) throw new Error(`The fault-test workbench exited:\n${started.output}`);
      return healthy(this.url);
    }, 240_000, () => started.output);
    this.runtime = JSON.parse(fs.readFileSync(path.join(this.dataDir, "runtime.json"), "utf8")) as Runtime;
  }

  get databasePort() {
    return Number(new URL(this.runtime.databaseUrl).port);
  }

  /** PostgreSQL's fast shutdown (what a service manager's stop does): sessions are ended, open transactions rolled back. */
  async stopDatabase() {
    if (this.restarted) {
      await this.restarted.stop();
      this.restarted = null;
    }
    const pid = this.postmasterPid();
    if (!pid) return;
    process.kill(pid, "SIGINT");
    await until("PostgreSQL to stop", () => !alive(pid), 30_000);
  }

  /** Starts the same cluster again on the same port, as after a database restart. */
  async startDatabase() {
    const port = this.databasePort;
    this.restarted = await startEmbeddedPostgres({ dataDir: this.pgDir, logFile: path.join(this.dataDir, "postgres.log"), port });
    if (this.restarted.port !== port) throw new Error(`Port ${port} was taken while the database was down; it came back on ${this.restarted.port}.`);
  }

  async stop() {
    // start.ts stops its server and the database it started; one the test restarted is ours to stop.
    await this.workbench?.kill("SIGTERM");
    await this.stopDatabase();
  }
}
