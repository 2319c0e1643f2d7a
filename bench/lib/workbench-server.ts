// Starts a fresh workbench (production build, embedded PostgreSQL) for a benchmark, and stops it.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");

/** `pid` is the launcher's (lib/cli/start.ts); the Next server and PostgreSQL are its descendants. */
export type BenchServer = { url: string; databaseUrl: string; pid: number; stop(): Promise<void>; /** What the server printed so far (for a failure's cause). */ output(): string };

export async function startWorkbench(name: string, port: number): Promise<BenchServer> {
  const dataDir = path.join(ROOT, ".data", `bench-${name}`);
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), "--conditions=react-server", "lib/cli/start.ts", "--fresh"],
    {
      cwd: ROOT,
      env: { ...process.env, WORKBENCH_DATA_DIR: dataDir, PORT: String(port), EMBEDDED_PG_PORT: "0", DATABASE_URL: "", AUTH_SECRET: "", SEED_DEMO: "false" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 300_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`workbench exited:\n${output}`);
    if (Date.now() > deadline) throw new Error(`workbench did not start:\n${output}`);
    const ok = await fetch(`${url}/api/health`).then((r) => r.ok).catch(() => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 300));
  }
  const runtime = JSON.parse(fs.readFileSync(path.join(dataDir, "runtime.json"), "utf8")) as { databaseUrl: string };
  return {
    url,
    databaseUrl: runtime.databaseUrl,
    pid: child.pid!,
    output: () => output,
    async stop() {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** Signs up (if needed) and signs in through Auth.js; returns the session cookie header. */
export async function sessionCookie(url: string, email: string, password: string, name = email): Promise<string> {
  await fetch(`${url}/api/users`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, name, password }) });
  const csrf = await fetch(`${url}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const signIn = await fetch(`${url}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie, "x-auth-return-redirect": "1" },
    body: new URLSearchParams({ email, password, csrfToken }),
  });
  const session = signIn.headers.getSetCookie().map((c) => c.split(";")[0]).find((c) => c.includes("session-token"));
  if (!session) throw new Error(`sign-in failed for ${email}`);
  return session;
}

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

/** Makes the account behind `memberCookie` a member as the product does: the owner invites, the member accepts the link. */
export async function joinByInvitation(url: string, ownerCookie: string, memberCookie: string, projectId: string, email: string, role = "ANNOTATOR") {
  const post = (p: string, cookie: string, body: unknown) =>
    fetch(`${url}${p}`, { method: "POST", headers: { "content-type": "application/json", cookie }, body: JSON.stringify(body) });
  const invited = await post(`/api/projects/${projectId}/invitations`, ownerCookie, { email, role });
  if (invited.status !== 201) throw new Error(`invitation for ${email} → ${invited.status} ${await invited.text()}`);
  const path = ((await invited.json()) as { path: string }).path;
  const accepted = await post("/api/invitations/accept", memberCookie, { secret: decodeURIComponent(path.slice(path.lastIndexOf("/") + 1)) });
  if (accepted.status !== 200) throw new Error(`accepting the invitation for ${email} → ${accepted.status} ${await accepted.text()}`);
}
