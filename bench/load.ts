// Load: 50 simulated annotators working at once for two minutes against a production build —
// opening documents (GET document + annotation list), creating annotations (valid quote and
// position, client-generated UUIDv7 ids), changing their own (PATCH with the version they hold),
// listing a document's annotations and now and then commenting on someone else's, each pausing
// 0.5–1.5 × BENCH_THINK_MS between actions. Prints per operation count, errors by status,
// throughput and p50/p95/p99/max latency, and the Next server's CPU time per request.
// Memory: RSS of the Next server's process tree at the start, every 10 s and at the end, plus its
// V8 heap in use right after a forced full GC at the start and at the end
// (bench/lib/server-probe.mjs), which tells a leak from a heap that has simply not been collected.
// The workbench is started fresh (.data/bench-load) by lib/cli/start.ts, which first rebuilds the
// production build if the sources changed.
// Next to it, in the same run and at the same concurrency and pacing, the floors:
//   GET /api/health               the HTTP stack (Next routing + one `SELECT 1`), nothing of ours
//   pg: create transaction        what a create must cost in PostgreSQL: BEGIN, INSERT annotation,
//                                 INSERT history, pg_notify, COMMIT through a pool of 10 connections
//   pg: plain INSERT              one INSERT of the same row, autocommit
// Client, server and PostgreSQL share the machine's cores; the client's own CPU time is printed.
// Benchmarks never gate: misses of the targets are reported, the exit code is non-zero only when
// the setup fails.
// Usage: npm run bench:load [-- --duration=SECONDS]   (not part of npm test)
//   BENCH_DURATION     seconds of the main run (default 120)
//   BENCH_ANNOTATORS   simulated annotators (default 50)
//   BENCH_THINK_MS     mean pause between one annotator's actions (default 1000; 0 = none, saturation)
//   BENCH_PORT         port of the workbench (default 3400)
//   BENCH_PROFILE=1    write a V8 CPU profile of the Next server during the main run (path printed)
//   BENCH_HEAP_SNAPSHOTS=1  write V8 heap snapshots of the Next server before and after the main run
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { OffsetMap, quoteOf } from "../lib/anchoring/offsets";
import { uuidv7 } from "../lib/ids";
import { joinByInvitation, ROOT, sessionCookie, startWorkbench, type BenchServer } from "./lib/workbench-server";

const argDuration = process.argv.find((a) => a.startsWith("--duration="))?.split("=")[1];
const DURATION_S = Number(argDuration ?? process.env.BENCH_DURATION ?? 120);
const ANNOTATORS = Number(process.env.BENCH_ANNOTATORS ?? 50);
const THINK_MS = Number(process.env.BENCH_THINK_MS ?? 1000);
const PORT = Number(process.env.BENCH_PORT ?? 3400);
// Each floor runs for a quarter of the main run, at least 10 s.
const REFERENCE_S = Math.max(10, Math.round(DURATION_S / 4));
const WARMUP_S = Math.min(10, Math.max(3, Math.round(DURATION_S / 10)));
const MEMORY_SAMPLE_MS = 10_000;
const PASSWORD = "bench-password-123";
const TARGET_CREATE_P95_MS = 50;

// ---------------------------------------------------------------------------------------------
// Recording

type Op = { latencies: number[]; statuses: Map<string, number>; errors: number };
type Recorder = { ops: Map<string, Op>; started: number; seconds: number };

const newRecorder = (): Recorder => ({ ops: new Map(), started: performance.now(), seconds: 0 });

function record(rec: Recorder | null, name: string, ms: number, status: string, ok: boolean) {
  if (!rec) return;
  let op = rec.ops.get(name);
  if (!op) rec.ops.set(name, (op = { latencies: [], statuses: new Map(), errors: 0 }));
  op.latencies.push(ms);
  op.statuses.set(status, (op.statuses.get(status) ?? 0) + 1);
  if (!ok) op.errors++;
}

const quantile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const ms = (v: number | undefined) => (v === undefined ? "–" : `${v.toFixed(1)} ms`);

function table(rows: [string, Op, number][]) {
  const lines = ["| operation | requests | errors | throughput | p50 | p95 | p99 | max |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"];
  for (const [name, op, seconds] of rows) {
    const sorted = Float64Array.from(op.latencies).sort();
    const list = Array.from(sorted);
    const bad = [...op.statuses].filter(([s]) => !s.startsWith("2")).map(([s, n]) => `${n}× ${s}`);
    lines.push(
      `| ${name} | ${op.latencies.length} | ${op.errors}${bad.length ? ` (${bad.join(", ")})` : ""} | ${(op.latencies.length / seconds).toFixed(1)}/s | ${ms(quantile(list, 50))} | ${ms(quantile(list, 95))} | ${ms(quantile(list, 99))} | ${ms(list.at(-1))} |`,
    );
  }
  return lines.join("\n");
}

// ---------------------------------------------------------------------------------------------
// Processes: the Next server's process tree (RSS, CPU) found under the launcher's pid.

const CLOCK_TICKS = 100;

function children(): Map<number, number[]> {
  const byParent = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const list = byParent.get(ppid) ?? [];
      list.push(Number(entry));
      byParent.set(ppid, list);
    } catch {
      // exited while listing
    }
  }
  return byParent;
}

function descendants(pid: number, byParent = children()): number[] {
  const out = [pid];
  for (let i = 0; i < out.length; i++) out.push(...(byParent.get(out[i]) ?? []));
  return out;
}

const cmdline = (pid: number) => {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    return "";
  }
};

/** The `next start` process under the launcher. */
function nextServerPid(launcher: number): number {
  const pid = descendants(launcher).find((p) => /^next-server|next\/dist\/bin\/next start/.test(cmdline(p)));
  if (!pid) throw new Error("could not find the `next start` process under the launcher");
  return pid;
}

type ProcSample = { rssMB: number; cpuSeconds: number };

function sampleTree(pid: number): ProcSample {
  let rssKB = 0;
  let ticks = 0;
  for (const p of descendants(pid)) {
    try {
      rssKB += Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${p}/status`, "utf8"))?.[1] ?? 0);
      const stat = fs.readFileSync(`/proc/${p}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // exited between samples
    }
  }
  return { rssMB: rssKB / 1024, cpuSeconds: ticks / CLOCK_TICKS };
}

/** CPU seconds of this run's PostgreSQL (the launcher's descendants), exited backends included via their parent. */
function postgresCpuSeconds(launcher: number): number {
  let ticks = 0;
  for (const p of descendants(launcher)) {
    if (!/postgres/.test(cmdline(p))) continue;
    try {
      const stat = fs.readFileSync(`/proc/${p}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]); // + children's
    } catch {
      // exited
    }
  }
  return ticks / CLOCK_TICKS;
}

// ---------------------------------------------------------------------------------------------
// Data: the sample corpus, plus remixes of its paragraphs with emoji, CJK and Cyrillic so that
// offsets are code points that differ from UTF-16 indexes.

const EXTRAS = [" 🤝", " 🇰🇵🇷🇺", " (金正恩)", " — 朝露首脳会談", " Владивосток", " 👍🏽", " naïve", " 평양"];

function documents(): { title: string; text: string }[] {
  const dir = path.join(ROOT, "prisma/seed/corpus");
  const corpus = fs.readdirSync(dir).sort().map((f) => fs.readFileSync(path.join(dir, f), "utf8").replace(/\r\n?/g, "\n").normalize("NFC").trim());
  const paragraphs = corpus.flatMap((t) => t.split(/\n\s*\n/)).filter((p) => p.trim().length > 40);
  const remixed = Array.from({ length: 5 }, (_, n) => {
    const picked = Array.from({ length: 12 }, (_, i) => paragraphs[(n * 7 + i * 5) % paragraphs.length] + EXTRAS[(n + i) % EXTRAS.length]);
    return picked.join("\n\n");
  });
  return [...corpus, ...remixed].map((text, i) => ({ title: `Load document ${i + 1}`, text }));
}

type Doc = { id: string; map: OffsetMap; words: { start: number; end: number }[] };

function wordsOf(map: OffsetMap) {
  return [...map.text.matchAll(/[\p{L}\p{N}][\p{L}\p{N}\p{M}'’-]*|\p{Extended_Pictographic}/gu)].map((m) => ({
    start: map.toCodePoint(m.index!),
    end: map.toCodePoint(m.index! + m[0].length),
  }));
}

// ---------------------------------------------------------------------------------------------
// HTTP: Node's fetch (undici) keeps connections alive; one socket per annotator at most.

type Reply = { status: number; body: unknown };
const failures: string[] = [];

async function call(rec: Recorder | null, op: string, url: string, cookie: string, method = "GET", body?: unknown): Promise<Reply> {
  const t0 = performance.now();
  try {
    const response = await fetch(url, {
      method,
      headers: body === undefined ? { cookie } : { cookie, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const elapsed = performance.now() - t0;
    const ok = response.status >= 200 && response.status < 300;
    record(rec, op, elapsed, String(response.status), ok);
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    if (!ok && failures.length < 10) failures.push(`${op} → ${response.status}: ${text.slice(0, 200)}`);
    return { status: response.status, body: parsed };
  } catch (error) {
    record(rec, op, performance.now() - t0, "network error", false);
    if (failures.length < 10) failures.push(`${op} → ${(error as Error).message}`);
    return { status: 0, body: null };
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const think = () => (THINK_MS > 0 ? sleep(THINK_MS * (0.5 + Math.random())) : Promise.resolve());

/** Runs `workers` loops until `seconds` have passed; each loop pauses `think()` between steps. */
async function runFor(seconds: number, workers: number, step: (worker: number) => Promise<void>): Promise<number> {
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      // Spread the starts over one think time so the annotators don't move in lockstep.
      if (THINK_MS > 0) await sleep(Math.random() * THINK_MS);
      while (performance.now() < deadline) {
        await step(w);
        await think();
      }
    }),
  );
  return (performance.now() - started) / 1000;
}

// ---------------------------------------------------------------------------------------------
// One simulated annotator.

type Own = { id: string; version: number };
type Annotator = { index: number; cookie: string; userId: string; doc: Doc; own: Own[]; others: string[]; created: number };

const OP = {
  document: "GET /api/documents/[id]",
  list: "GET /api/documents/[id]/annotations",
  create: "POST /api/documents/[id]/annotations",
  update: "PATCH /api/annotations/[id]",
  comment: "POST /api/annotations/[id]/comments",
} as const;

function makeAnnotatorStep(url: string, docs: Doc[], labels: string[], rec: () => Recorder | null) {
  async function open(a: Annotator, doc: Doc) {
    a.doc = doc;
    a.own = [];
    await call(rec(), OP.document, `${url}/api/documents/${doc.id}`, a.cookie);
    await list(a);
  }

  async function list(a: Annotator) {
    const reply = await call(rec(), OP.list, `${url}/api/documents/${a.doc.id}/annotations`, a.cookie);
    const annotations = (reply.body as { annotations?: { id: string; authorId: string; version: number }[] } | null)?.annotations ?? [];
    a.others = annotations.filter((x) => x.authorId !== a.userId).slice(-50).map((x) => x.id);
    a.own = annotations.filter((x) => x.authorId === a.userId).map((x) => ({ id: x.id, version: x.version }));
  }

  async function create(a: Annotator) {
    const { words, map } = a.doc;
    const first = Math.floor(Math.random() * words.length);
    const last = Math.min(words.length - 1, first + Math.floor(Math.random() * 4));
    const span = { start: words[first].start, end: words[last].end };
    const id = uuidv7();
    const reply = await call(rec(), OP.create, `${url}/api/documents/${a.doc.id}/annotations`, a.cookie, "POST", {
      id, labelId: labels[(a.index + a.created++) % labels.length], ...span, exact: quoteOf(map, span).exact,
    });
    if (reply.status === 201) a.own.push({ id, version: (reply.body as { version: number }).version });
  }

  async function update(a: Annotator) {
    const mine = a.own[Math.floor(Math.random() * a.own.length)];
    const change = Math.random() < 0.5 ? { note: `checked ${new Date().toISOString()}` } : { labelId: labels[Math.floor(Math.random() * labels.length)] };
    const reply = await call(rec(), OP.update, `${url}/api/annotations/${mine.id}`, a.cookie, "PATCH", { version: mine.version, ...change });
    if (reply.status === 200) mine.version = (reply.body as { version: number }).version;
  }

  async function comment(a: Annotator) {
    const target = a.others[Math.floor(Math.random() * a.others.length)];
    await call(rec(), OP.comment, `${url}/api/annotations/${target}/comments`, a.cookie, "POST", { body: "Is this the same person as in the previous paragraph?" });
  }

  // The mix of one action: 40 % create, 25 % change one's own, 20 % reload the list, 10 % open
  // another document, 5 % comment on someone else's annotation.
  const act = async (a: Annotator) => {
    const r = Math.random();
    if (r < 0.4 || (r < 0.65 && a.own.length === 0)) await create(a);
    else if (r < 0.65) await update(a);
    else if (r < 0.85) await list(a);
    else if (r < 0.95) await open(a, docs[Math.floor(Math.random() * docs.length)]);
    else if (a.others.length) await comment(a);
    else await create(a);
  };
  return { open, act };
}

// ---------------------------------------------------------------------------------------------

async function setup(server: BenchServer) {
  const url = server.url;
  const owner = await sessionCookie(url, "owner@load.local", PASSWORD);
  const api = async <T>(p: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${url}${p}`, {
      method: body ? "POST" : "GET",
      headers: { "content-type": "application/json", cookie: owner },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!response.ok) throw new Error(`${p} → ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const project = await api<{ id: string }>("/api/projects", { name: "Load bench" });
  const texts = documents();
  const imported = await api<{ report: { documentId: string }[] }>(`/api/projects/${project.id}/documents`, { documents: texts });
  const docs: Doc[] = imported.report.map((r, i) => {
    const map = new OffsetMap(texts[i].text.normalize("NFC"));
    return { id: r.documentId, map, words: wordsOf(map) };
  });
  // The canonical text as stored (the import may normalise); spans are cut from it.
  for (const doc of docs) {
    const { text } = await api<{ text: string }>(`/api/documents/${doc.id}`);
    doc.map = new OffsetMap(text);
    doc.words = wordsOf(doc.map);
  }
  const { labels } = await api<{ labels: { id: string }[] }>(`/api/projects/${project.id}/labels`);
  const cookies: string[] = [];
  for (let w = 0; w < ANNOTATORS; w++) {
    const email = `annotator${w}@load.local`;
    cookies.push(await sessionCookie(url, email, PASSWORD, `Annotator ${w}`));
    await joinByInvitation(url, owner, cookies[w], project.id, email);
  }
  const { members } = await api<{ members: { userId: string; email: string }[] }>(`/api/projects/${project.id}/members`);
  const idOf = new Map(members.map((m) => [m.email, m.userId]));
  const annotators: Annotator[] = cookies.map((cookie, index) => ({
    index, cookie, userId: idOf.get(`annotator${index}@load.local`)!, doc: docs[index % docs.length], own: [], others: [], created: 0,
  }));
  return { projectId: project.id, docs, labels: labels.map((l) => l.id), annotators };
}

function slopeMBPerMinute(samples: { t: number; rssMB: number }[]) {
  const n = samples.length;
  if (n < 2) return 0;
  const mt = samples.reduce((s, x) => s + x.t, 0) / n;
  const mr = samples.reduce((s, x) => s + x.rssMB, 0) / n;
  const num = samples.reduce((s, x) => s + (x.t - mt) * (x.rssMB - mr), 0);
  const den = samples.reduce((s, x) => s + (x.t - mt) ** 2, 0);
  return den === 0 ? 0 : (num / den) * 60;
}

const PROBE_DIR = path.join(ROOT, ".data", "bench-load-probe");

/** Runs a command of bench/lib/server-probe.mjs in the Next server and returns its answer. */
async function probe(pid: number, command: "gc" | "profile-start" | "profile-stop" | "snapshot"): Promise<Record<string, unknown>> {
  const replyFile = path.join(PROBE_DIR, "reply.json");
  fs.rmSync(replyFile, { force: true });
  fs.writeFileSync(path.join(PROBE_DIR, "command"), command);
  process.kill(pid, "SIGUSR2");
  for (let waited = 0; waited < 60_000; waited += 50) {
    await sleep(50);
    try {
      return JSON.parse(fs.readFileSync(replyFile, "utf8")) as Record<string, unknown>;
    } catch {
      // not written (completely) yet
    }
  }
  throw new Error(`the server probe did not answer ${command}`);
}

async function main() {
  const profile = process.env.BENCH_PROFILE === "1";
  fs.rmSync(PROBE_DIR, { recursive: true, force: true });
  fs.mkdirSync(PROBE_DIR, { recursive: true });
  process.env.BENCH_PROBE_DIR = PROBE_DIR;
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ""} --import ${pathToFileURL(path.join(ROOT, "bench/lib/server-probe.mjs")).href}`.trim();
  const server = await startWorkbench("load", PORT);
  let exitCode = 0;
  try {
    const nextPid = nextServerPid(server.pid);
    const { projectId, docs, labels, annotators } = await setup(server);
    const url = server.url;
    let current: Recorder | null = null;
    const { open, act } = makeAnnotatorStep(url, docs, labels, () => current);

    // Warm-up (not recorded): everyone opens their document and works for a few seconds, so that
    // first-request compilation and connection set-up are not measured.
    await Promise.all(annotators.map((a) => open(a, a.doc)));
    await runFor(WARMUP_S, ANNOTATORS, (w) => act(annotators[w]));

    // The main run.
    const memory: { t: number; rssMB: number }[] = [];
    const cpu0 = { server: sampleTree(nextPid).cpuSeconds, postgres: postgresCpuSeconds(server.pid), client: process.cpuUsage() };
    const load0 = os.loadavg()[0];
    current = newRecorder();
    const t0 = performance.now();
    const sample = () => memory.push({ t: (performance.now() - t0) / 1000, rssMB: sampleTree(nextPid).rssMB });
    sample();
    const gcStart = (await probe(nextPid, "gc")) as { heapUsed: number; external: number; rss: number };
    const heapStart = gcStart.heapUsed;
    const snapshots = process.env.BENCH_HEAP_SNAPSHOTS === "1";
    const snapshotFiles = snapshots ? [(await probe(nextPid, "snapshot")).file as string] : [];
    const sampler = setInterval(sample, MEMORY_SAMPLE_MS);
    if (profile) await probe(nextPid, "profile-start");
    current.seconds = await runFor(DURATION_S, ANNOTATORS, (w) => act(annotators[w]));
    const profileFile = profile ? ((await probe(nextPid, "profile-stop")).file as string) : null;
    clearInterval(sampler);
    sample();
    const gcEnd = (await probe(nextPid, "gc")) as { heapUsed: number; external: number; rss: number };
    const heapEnd = gcEnd.heapUsed;
    if (snapshots) snapshotFiles.push((await probe(nextPid, "snapshot")).file as string);
    const main = current;
    current = null;
    const clientCpu = process.cpuUsage(cpu0.client);
    const cpu = {
      server: sampleTree(nextPid).cpuSeconds - cpu0.server,
      postgres: postgresCpuSeconds(server.pid) - cpu0.postgres,
      client: (clientCpu.user + clientCpu.system) / 1e6,
    };
    const load1 = os.loadavg()[0];

    // Floor 1: the HTTP stack.
    const health = newRecorder();
    const healthCpu0 = sampleTree(nextPid).cpuSeconds;
    health.seconds = await runFor(REFERENCE_S, ANNOTATORS, async () => {
      await call(health, "GET /api/health", `${url}/api/health`, "");
    });
    const healthCpu = sampleTree(nextPid).cpuSeconds - healthCpu0;

    // Floors 2 and 3: the same rows written straight into PostgreSQL, same concurrency and pacing.
    const pool = new pg.Pool({ connectionString: server.databaseUrl, max: 10 });
    const floorRow = (a: Annotator) => {
      const doc = docs[Math.floor(Math.random() * docs.length)];
      const w = doc.words[Math.floor(Math.random() * doc.words.length)];
      const q = quoteOf(doc.map, w);
      return [uuidv7(), projectId, doc.id, labels[a.index % labels.length], a.userId, w.start, w.end, q.exact, q.prefix, q.suffix];
    };
    const INSERT = `INSERT INTO "Annotation" (id,"projectId","documentId","labelId","authorId",start,"end",exact,prefix,suffix,"updatedAt") VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,now())`;
    const pgFloor = newRecorder();
    pgFloor.seconds = await runFor(REFERENCE_S, ANNOTATORS, async (w) => {
      const t = performance.now();
      const row = floorRow(annotators[w]);
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        await client.query(INSERT, row);
        await client.query(`INSERT INTO "AnnotationHistory" (id,"annotationId","actorId",action,version,after) VALUES ($1,$2,$3,'CREATE',1,$4)`, [
          crypto.randomUUID(), row[0], row[4], JSON.stringify({ labelId: row[3], start: row[5], end: row[6], exact: row[7] }),
        ]);
        await client.query(`SELECT pg_notify('annotation_changes', $1)`, [JSON.stringify({ documentId: row[2], id: row[0] })]);
        await client.query("COMMIT");
        record(pgFloor, "pg: create transaction (insert, history, notify)", performance.now() - t, "200", true);
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        record(pgFloor, "pg: create transaction (insert, history, notify)", performance.now() - t, (error as Error).message, false);
      } finally {
        client.release();
      }
    });
    const pgInsert = newRecorder();
    pgInsert.seconds = await runFor(REFERENCE_S, ANNOTATORS, async (w) => {
      const t = performance.now();
      try {
        await pool.query(INSERT, floorRow(annotators[w]));
        record(pgInsert, "pg: plain INSERT", performance.now() - t, "200", true);
      } catch (error) {
        record(pgInsert, "pg: plain INSERT", performance.now() - t, (error as Error).message, false);
      }
    });
    await pool.end();

    // ----- Report
    const total = [...main.ops.values()].reduce((s, op) => s + op.latencies.length, 0);
    const errors = [...main.ops.values()].reduce((s, op) => s + op.errors, 0);
    const rows: [string, Op, number][] = Object.values(OP).filter((name) => main.ops.has(name)).map((name) => [name, main.ops.get(name)!, main.seconds]);
    const create = main.ops.get(OP.create);
    const createP95 = create ? quantile(Array.from(Float64Array.from(create.latencies).sort()), 95) : NaN;
    const rss = memory.map((m) => m.rssMB);
    const [startMB, endMB, maxMB] = [rss[0], rss.at(-1)!, Math.max(...rss)];

    console.log(
      `${ANNOTATORS} annotators for ${main.seconds.toFixed(0)} s, ${docs.length} documents, pause between actions ${THINK_MS > 0 ? `${THINK_MS * 0.5}–${THINK_MS * 1.5} ms` : "none"}; ${os.cpus().length} cores, load average ${load0.toFixed(1)} → ${load1.toFixed(1)}`,
    );
    console.log("");
    console.log(table([...rows, ["all requests", { latencies: [...main.ops.values()].flatMap((o) => o.latencies), statuses: new Map(), errors }, main.seconds]]));
    console.log("");
    console.log("Floors, same concurrency and pacing, same run:");
    console.log("");
    console.log(table([...health.ops].map(([n, o]) => [n, o, health.seconds] as [string, Op, number]).concat(
      [...pgFloor.ops].map(([n, o]) => [n, o, pgFloor.seconds] as [string, Op, number]),
      [...pgInsert.ops].map(([n, o]) => [n, o, pgInsert.seconds] as [string, Op, number]),
    )));
    console.log("");
    console.log(`Next server RSS (process tree): start ${startMB.toFixed(0)} MB, end ${endMB.toFixed(0)} MB, max ${maxMB.toFixed(0)} MB, slope ${slopeMBPerMinute(memory).toFixed(1)} MB/min`);
    const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
    console.log(`Next server after a full GC: V8 heap in use ${mb(heapStart)} → ${mb(heapEnd)}, external (buffers) ${mb(gcStart.external)} → ${mb(gcEnd.external)}, its own RSS ${mb(gcStart.rss)} → ${mb(gcEnd.rss)}`);
    console.log(`  samples: ${memory.map((m) => `${m.t.toFixed(0)}s ${m.rssMB.toFixed(0)}`).join(", ")}`);
    console.log(`CPU during the main run: Next server ${cpu.server.toFixed(1)} s, PostgreSQL ${cpu.postgres.toFixed(1)} s, load generator ${cpu.client.toFixed(1)} s (of ${(main.seconds * os.cpus().length).toFixed(0)} core-seconds)`);
    const healthCount = health.ops.get("GET /api/health")?.latencies.length ?? 0;
    console.log(`Next server CPU per request: ${((cpu.server * 1000) / total).toFixed(1)} ms in the mix, ${((healthCpu * 1000) / Math.max(1, healthCount)).toFixed(1)} ms for GET /api/health`);
    console.log("");
    console.log(`Targets: errors ${errors === 0 ? "0 ✓" : `${errors} ✗`}; create p95 ${createP95.toFixed(1)} ms ${createP95 < TARGET_CREATE_P95_MS ? "✓" : "✗"} (< ${TARGET_CREATE_P95_MS} ms); RSS end − start ${(endMB - startMB).toFixed(0)} MB, heap after GC end − start ${((heapEnd - heapStart) / 2 ** 20).toFixed(0)} MB; throughput ${(total / main.seconds).toFixed(0)} requests/s`);
    if (snapshotFiles.length) console.log(`Heap snapshots of the Next server before and after the main run:\n  ${snapshotFiles.join("\n  ")}`);
    if (profileFile) console.log(`CPU profile of the Next server during the main run: ${profileFile}`);
    if (failures.length) console.log(`First failures:\n  ${failures.join("\n  ")}`);
  } catch (error) {
    console.error(error);
    exitCode = 1;
  } finally {
    await server.stop();
  }
  process.exit(exitCode);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
