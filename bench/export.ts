// Export throughput and memory: 1,000,000 annotations over 2,000 documents exported as JSONL and as
// W3C JSON-LD through the command line (`lib/cli/cli.ts export`), each in its own process so its
// peak RSS is its own, next to the floor — `COPY (SELECT …) TO STDOUT` of the same annotation rows
// (same columns, author join and order as lib/server/export/read-export-batches.ts) from the same
// database in the same run. Every export is checked afterwards (counts, texts, spans and quotes).
// Usage: npm run bench:export   (not part of npm test)
//   BENCH_DOCUMENTS, BENCH_PER_DOCUMENT   scale down for a quick try (defaults 2000 × 500)
//   BENCH_PROFILE_DIR=/tmp/prof           write a V8 CPU profile of each export process there
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import pg from "pg";
import { OffsetMap, quoteOf } from "../lib/anchoring/offsets";
import { removeEmbeddedData, startEmbeddedPostgres, type EmbeddedPostgres } from "../lib/server/db/embedded-postgres";
import { migrate } from "../lib/server/db/migrate";
import { seedExportBench } from "./lib/export-data";
import { copyTo } from "./lib/pg-copy";
import { ROOT } from "./lib/workbench-server";

const DOCUMENTS = Number(process.env.BENCH_DOCUMENTS ?? 2000);
const PER_DOCUMENT = Number(process.env.BENCH_PER_DOCUMENT ?? 500);
const TARGET_RATE = 100_000;
const TARGET_RSS_MB = 300;
const CHILD_TIMEOUT_MS = 300_000;
const BASE_URL = "https://annotate.example.org";
const BENCH_DIR = path.join(ROOT, ".data", "bench-export");

// ---------------------------------------------------------------------------------------------
// The floor, run as a child process of this script: `tsx bench/export.ts --copy-out URL SQL FILE`.

async function copyOutMain([url, sql, file]: string[]) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const sink = fs.createWriteStream(file);
  const started = performance.now();
  const { rows, bytes } = await copyTo(client, sql, sink);
  await new Promise<void>((resolve, reject) => sink.end((error?: Error | null) => (error ? reject(error) : resolve())));
  const seconds = (performance.now() - started) / 1000;
  await client.end();
  console.error(JSON.stringify({ rows, bytes, seconds, maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) }));
}

// ---------------------------------------------------------------------------------------------
// Child processes, with their peak RSS sampled from /proc as a cross-check of what they report.

type ChildRun = { code: number | null; wallSeconds: number; stderr: string; vmHwmMB: number | null; cpuSeconds: number | null; report: Record<string, unknown> | null };

const CLOCK_TICKS = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout?.trim()) || 100;

function sampleProc(pid: number): { hwm: number | null; cpu: number | null } {
  let hwm: number | null = null;
  let cpu: number | null = null;
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    if (m) hwm = Number(m[1]) / 1024;
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    cpu = (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS; // utime, stime (fields 14, 15)
  } catch {
    // exited between samples
  }
  return { hwm, cpu };
}

function runChild(args: string[], env: NodeJS.ProcessEnv, stdoutFile?: string, command = process.execPath): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const out = stdoutFile ? fs.openSync(stdoutFile, "w") : "ignore";
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ["ignore", out, "pipe"] });
    if (typeof out === "number") fs.closeSync(out);
    let stderr = "";
    child.stderr!.on("data", (d) => (stderr += d));
    let vmHwmMB: number | null = null;
    let cpuSeconds: number | null = null;
    const sample = () => {
      const s = sampleProc(child.pid!);
      if (s.hwm !== null) vmHwmMB = Math.max(vmHwmMB ?? 0, s.hwm);
      if (s.cpu !== null) cpuSeconds = s.cpu;
    };
    const sampler = setInterval(sample, 50);
    const killer = setTimeout(() => child.kill("SIGKILL"), CHILD_TIMEOUT_MS);
    child.once("error", reject);
    child.once("exit", (code) => {
      clearInterval(sampler);
      clearTimeout(killer);
      const wallSeconds = (performance.now() - started) / 1000;
      const line = stderr.trim().split("\n").reverse().find((l) => l.startsWith("{"));
      let report: Record<string, unknown> | null = null;
      try {
        report = line ? (JSON.parse(line) as Record<string, unknown>) : null;
      } catch {
        report = null;
      }
      resolve({ code, wallSeconds, stderr, vmHwmMB, cpuSeconds, report });
    });
  });
}

const tsxArgs = (profiled: boolean, script: string, ...rest: string[]) => {
  const profile = profiled && process.env.BENCH_PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
  // `--import tsx` runs the script in this one process (the tsx CLI would add a wrapper process).
  return [...profile, "--conditions=react-server", "--import", "tsx", script, ...rest];
};

// ---------------------------------------------------------------------------------------------
// Verification of the exported files against the generated texts and the database.

type Check = { documents: number; annotations: number; problems: string[]; detail?: string };

async function* lines(file: string) {
  const rl = readline.createInterface({ input: fs.createReadStream(file, { encoding: "utf8", highWaterMark: 1 << 20 }), crlfDelay: Infinity });
  yield* rl;
}

type DbSpan = { start: number; end: number; exact: string; label: string };

async function databaseSpans(client: pg.Client, documentId: string): Promise<DbSpan[]> {
  const { rows } = await client.query<DbSpan>(
    `SELECT a.start, a."end", a.exact, l.name AS label FROM "Annotation" a JOIN "Label" l ON l.id = a."labelId"
     WHERE a."documentId" = $1 AND a."deletedAt" IS NULL ORDER BY a.start, a."end", a.id`,
    [documentId],
  );
  return rows;
}

async function verifyJsonl(file: string, texts: Map<string, string>, client: pg.Client, sampled: Set<string>): Promise<Check> {
  const check: Check = { documents: 0, annotations: 0, problems: [] };
  const problem = (message: string) => check.problems.length < 20 && check.problems.push(message);
  for await (const line of lines(file)) {
    if (!line) continue;
    const record = JSON.parse(line) as { id: string; text: string; label: [number, number, string][] };
    check.documents++;
    check.annotations += record.label.length;
    const text = texts.get(record.id);
    if (text === undefined) problem(`JSONL: unknown document ${record.id}`);
    else if (record.text !== text) problem(`JSONL: text of ${record.id} differs from the imported text`);
    if (record.label.length !== PER_DOCUMENT) problem(`JSONL: ${record.id} has ${record.label.length} spans, expected ${PER_DOCUMENT}`);
    if (!sampled.has(record.id) || text === undefined) continue;
    // Spot check: every span of this document against the database, and its quote against the text.
    const map = new OffsetMap(record.text);
    const expected = await databaseSpans(client, record.id);
    record.label.forEach(([start, end, label], i) => {
      const e = expected[i];
      if (!e || e.start !== start || e.end !== end || e.label !== label) problem(`JSONL: ${record.id} span ${i} is ${JSON.stringify([start, end, label])}, database has ${JSON.stringify(e && [e.start, e.end, e.label])}`);
      else if (map.slice(start, end) !== e.exact) problem(`JSONL: ${record.id} text[${start}:${end}] = ${JSON.stringify(map.slice(start, end))} but the quote is ${JSON.stringify(e.exact)}`);
    });
  }
  return check;
}

type W3cItem = {
  motivation: string;
  target: { source: string; selector: [{ exact: string; prefix: string; suffix: string }, { start: number; end: number }] } | string;
};

async function verifyW3c(file: string, texts: Map<string, string>): Promise<Check> {
  const check = { documents: 0, annotations: 0, problems: [] as string[], total: null as number | null, links: 0 };
  const problem = (message: string) => check.problems.length < 20 && check.problems.push(message);
  let current = null as { id: string; map: OffsetMap } | null;
  let n = 0;
  for await (const line of lines(file)) {
    if (n++ === 0) {
      if (!line.includes('"type":"AnnotationCollection"')) problem("W3C: the first line is not the collection header");
      continue;
    }
    if (line.startsWith("]}")) {
      check.total = Number(/"total":(\d+)/.exec(line)?.[1] ?? NaN);
      continue;
    }
    if (!line) continue;
    const item = JSON.parse(line.endsWith(",") ? line.slice(0, -1) : line) as W3cItem;
    if (item.motivation === "linking") {
      check.links++;
      continue;
    }
    check.annotations++;
    if (typeof item.target === "string") {
      problem(`W3C: tagging annotation without a selector target`);
      continue;
    }
    const documentId = item.target.source.slice(item.target.source.lastIndexOf("/") + 1);
    if (current?.id !== documentId) {
      const text = texts.get(documentId);
      if (text === undefined) {
        problem(`W3C: unknown document ${documentId}`);
        continue;
      }
      current = { id: documentId, map: new OffsetMap(text) };
      check.documents++;
    }
    // Every span, not a sample: the quote and its context must be the text at the position.
    const [quote, position] = item.target.selector;
    const actual = quoteOf(current.map, position);
    if (actual.exact !== quote.exact || actual.prefix !== quote.prefix || actual.suffix !== quote.suffix) {
      problem(`W3C: ${documentId} text[${position.start}:${position.end}] = ${JSON.stringify(actual.exact)} but the quote is ${JSON.stringify(quote.exact)}`);
    }
  }
  if (check.total !== check.annotations + check.links) problem(`W3C: footer total ${check.total} but ${check.annotations + check.links} items`);
  return { ...check, detail: `, ${fmt(check.links)} relation links, footer total ${fmt(check.total ?? NaN)}` };
}

// ---------------------------------------------------------------------------------------------

type Row = { path: string; annotations: number; seconds: number; wallSeconds: number; rssMB: number | null; cpuSeconds: number | null };

const fmt = (n: number, digits = 0) => n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

async function freshDataDir() {
  const pgDir = path.join(BENCH_DIR, "postgres");
  if (fs.existsSync(pgDir)) {
    // A killed earlier run may have left its server running: join it to stop it, then start over.
    const leftover = await startEmbeddedPostgres({ dataDir: pgDir, logFile: path.join(BENCH_DIR, "postgres.log") }).catch(() => null);
    await leftover?.stop();
    removeEmbeddedData(pgDir);
  }
  fs.rmSync(BENCH_DIR, { recursive: true, force: true });
  fs.mkdirSync(BENCH_DIR, { recursive: true });
}

async function main() {
  const expected = DOCUMENTS * PER_DOCUMENT;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bench-export-"));
  let embedded: EmbeddedPostgres | null = null;
  let client: pg.Client | null = null;
  let failed = false;
  try {
    await freshDataDir();
    let t0 = performance.now();
    embedded = await startEmbeddedPostgres({ dataDir: path.join(BENCH_DIR, "postgres"), logFile: path.join(BENCH_DIR, "postgres.log"), port: 0 });
    await embedded.ensureDatabase("workbench");
    const url = embedded.urlFor("workbench");
    await migrate(url);
    console.log(`PostgreSQL started and migrated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    client = new pg.Client({ connectionString: url });
    await client.connect();
    t0 = performance.now();
    const { ids, texts } = await seedExportBench(client, { documents: DOCUMENTS, perDocument: PER_DOCUMENT });
    const copySeconds = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    await client.query(`VACUUM (ANALYZE) "Annotation", "Document", "User", "Label"`);
    const { rows: [size] } = await client.query<{ heap: string; total: string }>(
      `SELECT pg_size_pretty(pg_relation_size('"Annotation"')) AS heap, pg_size_pretty(pg_total_relation_size('"Annotation"')) AS total`,
    );
    console.log(
      `Seeded ${fmt(DOCUMENTS)} documents and ${fmt(expected)} annotations in ${copySeconds.toFixed(1)} s (COPY FROM STDIN into the indexed tables, foreign-key triggers skipped) ` +
        `+ ${((performance.now() - t1) / 1000).toFixed(1)} s VACUUM ANALYZE; "Annotation" is ${size.heap} (${size.total} with indexes and TOAST)`,
    );

    const env = { ...process.env, DATABASE_URL: url, WORKBENCH_DATA_DIR: BENCH_DIR };
    const results: Row[] = [];
    const checks: string[] = [];
    const documentIds = [...texts.keys()];
    const sampled = new Set(Array.from({ length: 25 }, (_, i) => documentIds[Math.floor((i * documentIds.length) / 25)]));

    for (const format of ["jsonl", "w3c"] as const) {
      const out = path.join(tmp, `export.${format}`);
      const run = await runChild(tsxArgs(true, "lib/cli/cli.ts", "export", "--project", ids.projectId, "--format", format, "--out", out, "--base-url", BASE_URL), env);
      const report = run.report as { summary: { annotations: number; documents: number }; seconds: number; maxRssMB: number } | null;
      if (run.code !== 0 || !report) throw new Error(`${format} export failed (exit ${run.code}):\n${run.stderr}`);
      const bytes = fs.statSync(out).size;
      results.push({ path: `export ${format} (CLI)`, annotations: report.summary.annotations, seconds: report.seconds, wallSeconds: run.wallSeconds, rssMB: Math.max(report.maxRssMB, run.vmHwmMB ?? 0), cpuSeconds: run.cpuSeconds });
      const t = performance.now();
      const check = format === "jsonl" ? await verifyJsonl(out, texts, client, sampled) : await verifyW3c(out, texts);
      const problems = [...check.problems];
      if (report.summary.annotations !== expected) problems.unshift(`${format}: the CLI's summary says ${report.summary.annotations} annotations, expected ${expected}`);
      if (check.annotations !== expected) problems.unshift(`${format}: the file holds ${check.annotations} annotations, expected ${expected}`);
      if (check.documents !== DOCUMENTS) problems.unshift(`${format}: the file holds ${check.documents} documents, expected ${DOCUMENTS}`);
      checks.push(
        `${format}: ${fmt(bytes / 1e6, 0)} MB, ${fmt(check.documents)} documents, ${fmt(check.annotations)} annotations${check.detail ?? ""}; ` +
          (format === "jsonl" ? `texts compared for all documents, spans and quotes for ${sampled.size} against the database` : "quote, prefix and suffix compared with the text at every position") +
          ` (${((performance.now() - t) / 1000).toFixed(1)} s) — ${problems.length === 0 ? "OK" : "WRONG"}`,
      );
      for (const p of problems) checks.push(`  ${p}`);
      if (problems.length > 0) failed = true;
      fs.rmSync(out, { force: true });
    }

    // The floor: the annotation rows the reader selects, in its order, straight out of PostgreSQL.
    const floorSql =
      `COPY (SELECT a.id, a."documentId", a."labelId", a."authorId", u.name AS "authorName", a.start, a."end", a.exact, a.prefix, ` +
      `a.suffix, a.attributes, a.note, a."reviewState", a.gold, a.version, a."createdAt", a."updatedAt" ` +
      `FROM "Annotation" a JOIN "User" u ON u.id = a."authorId" ` +
      `WHERE a."projectId" = '${ids.projectId}' AND a."deletedAt" IS NULL ` +
      `ORDER BY a."documentId", a.start, a."end", a.id) TO STDOUT`;
    const floorOut = path.join(tmp, "copy.tsv");
    const floorRun = await runChild(tsxArgs(false, "bench/export.ts", "--copy-out", url, floorSql, floorOut), process.env);
    const floor = floorRun.report as { rows: number; bytes: number; seconds: number; maxRssMB: number } | null;
    if (floorRun.code !== 0 || !floor) throw new Error(`COPY floor failed (exit ${floorRun.code}):\n${floorRun.stderr}`);
    if (floor.rows !== expected) checks.push(`COPY: ${floor.rows} rows, expected ${expected} — the floor query does not select the same rows`);
    results.push({ path: "floor: COPY … TO STDOUT (pg, to file)", annotations: floor.rows, seconds: floor.seconds, wallSeconds: floorRun.wallSeconds, rssMB: Math.max(floor.maxRssMB, floorRun.vmHwmMB ?? 0), cpuSeconds: floorRun.cpuSeconds });
    checks.push(`COPY: ${fmt(floor.bytes / 1e6)} MB, ${fmt(floor.rows)} rows`);
    fs.rmSync(floorOut, { force: true });

    // The same COPY through psql, where a client is installed: a cross-check of the pg floor.
    const psql = spawnSync("sh", ["-c", "command -v psql"], { encoding: "utf8" }).stdout.trim();
    if (psql) {
      const psqlRun = await runChild(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", floorSql], { ...process.env, PGAPPNAME: "bench-export" }, floorOut, psql);
      if (psqlRun.code === 0) {
        results.push({ path: "floor: COPY … TO STDOUT (psql, to file)", annotations: expected, seconds: psqlRun.wallSeconds, wallSeconds: psqlRun.wallSeconds, rssMB: psqlRun.vmHwmMB, cpuSeconds: psqlRun.cpuSeconds });
      } else checks.push(`psql COPY failed: ${psqlRun.stderr.trim()}`);
      fs.rmSync(floorOut, { force: true });
    }

    const floorRate = floor.rows / floor.seconds;
    console.log("");
    console.log(`${fmt(expected)} annotations over ${fmt(DOCUMENTS)} documents; ${os.cpus().length} cores; each path in its own process`);
    console.log("");
    console.log("| path | annotations | seconds | annotations/s | peak RSS | CPU s (process) | wall s (process) | throughput / COPY |");
    console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (const r of results) {
      const rate = r.annotations / r.seconds;
      console.log(
        `| ${r.path} | ${fmt(r.annotations)} | ${r.seconds.toFixed(2)} | ${fmt(rate)} | ${r.rssMB === null ? "–" : `${fmt(r.rssMB)} MB`} | ` +
          `${r.cpuSeconds === null ? "–" : r.cpuSeconds.toFixed(1)} | ${r.wallSeconds.toFixed(2)} | ${(rate / floorRate).toFixed(2)} |`,
      );
    }
    console.log("");
    console.log("seconds: export/COPY start to last byte written, measured inside the process (the CLI's own timer; for psql its wall time).");
    console.log("wall s: process start to exit, measured here (adds Node + tsx start-up, connecting, the CLI's migration check).");
    console.log("peak RSS: the larger of the process's getrusage maxRSS and VmHWM sampled from /proc every 50 ms.");
    console.log("");
    for (const r of results.filter((x) => x.path.startsWith("export"))) {
      const rate = r.annotations / r.seconds;
      console.log(
        `${r.path}: ${fmt(rate)} annotations/s ${rate >= TARGET_RATE ? "meets" : "MISSES"} the target of ≥ ${fmt(TARGET_RATE)}/s; ` +
          `peak RSS ${fmt(r.rssMB ?? NaN)} MB ${(r.rssMB ?? Infinity) < TARGET_RSS_MB ? "meets" : "MISSES"} the target of < ${TARGET_RSS_MB} MB; ` +
          `${(floorRate / rate).toFixed(1)}× the COPY floor's time`,
      );
    }
    console.log("");
    console.log("Checks:");
    for (const c of checks) console.log(`  ${c}`);
  } catch (error) {
    failed = true;
    console.error(error);
  } finally {
    await client?.end().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    removeEmbeddedData(path.join(BENCH_DIR, "postgres"));
    fs.rmSync(BENCH_DIR, { recursive: true, force: true });
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  process.exit(failed ? 1 : 0);
}

if (process.argv[2] === "--copy-out") {
  copyOutMain(process.argv.slice(3)).catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main();
}
