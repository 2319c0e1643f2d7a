// Stall benchmark: how long the one-threaded server keeps everybody else waiting while one member
// does an ordinary thing on larger data. For each row of the outside review's table (issue 14),
// at 1×, 2× and 4× size, it runs the action once while a second client asks GET /api/health every
// 20 ms (one request at a time), and prints the action's own duration, health p50/p99/max during
// the action, and the Next server's peak RSS. The reference, measured in the same run with the
// same definition: health latency on the idle server just before the rows.
// Targets: health p99 < 100 ms and RSS < 1 GB at every size.
// Usage: npm run bench:stall   (BENCH_SIZES=1,2 BENCH_ROWS=suggest,dashboard … to choose; not part of npm test)
import crypto from "node:crypto";
import pg from "pg";
import { OffsetMap, quoteOf } from "../lib/anchoring/offsets";
import { sessionCookie, startWorkbench, type BenchServer } from "./lib/workbench-server";
import { measure, measuredCells, nextServerPid, runBench } from "./lib/health-probe";

const SIZES = (process.env.BENCH_SIZES ?? "1,2,4").split(",").map(Number);
const ROWS = process.env.BENCH_ROWS?.split(",");
const PASSWORD = "stall-bench: seven quiet lanterns 42";

const uuid7 = () => {
  const hex = Date.now().toString(16).padStart(12, "0") + crypto.randomBytes(10).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

type Ctx = { server: BenchServer; db: pg.Client; owner: string; ownerId: string; api: (path: string, init?: { method?: string; body?: unknown; form?: FormData }) => Promise<Response> };

async function newProject(ctx: Ctx, name: string): Promise<{ id: string; labels: { id: string; name: string; kind: string }[] }> {
  const project = (await (await ctx.api("/api/projects", { method: "POST", body: { name } })).json()) as { id: string };
  const { labels } = (await (await ctx.api(`/api/projects/${project.id}/labels`)).json()) as { labels: { id: string; name: string; kind: string }[] };
  return { id: project.id, labels };
}

async function importText(ctx: Ctx, projectId: string, title: string, text: string): Promise<{ response: Response; documentId?: string }> {
  const response = await ctx.api(`/api/projects/${projectId}/documents`, { method: "POST", body: { documents: [{ title, text }] } });
  if (!response.ok) return { response };
  const body = (await response.json()) as { report: { documentId?: string }[] };
  return { response, documentId: body.report[0]?.documentId };
}

/** Members made straight in the database: the benchmark is about the actions, not about inviting people. */
async function addMember(ctx: Ctx, projectId: string, email: string, role: string): Promise<string> {
  await sessionCookie(ctx.server.url, email, PASSWORD);
  const { rows } = await ctx.db.query<{ id: string }>(`SELECT id FROM "User" WHERE email = $1`, [email]);
  await ctx.db.query(`INSERT INTO "Membership" ("projectId", "userId", role) VALUES ($1, $2, $3::"Role") ON CONFLICT DO NOTHING`, [projectId, rows[0].id, role]);
  return rows[0].id;
}

/** Annotations written straight into the database (the same columns the API fills), `count` per author. */
async function seedAnnotations(ctx: Ctx, projectId: string, documentId: string, text: string, authors: string[], labelIds: string[], count: number, canonicalId?: string) {
  const map = new OffsetMap(text);
  const words = [...text.matchAll(/\p{L}+/gu)].map((m) => ({ start: map.toCodePoint(m.index!), end: map.toCodePoint(m.index! + m[0].length) }));
  for (const [a, author] of authors.entries()) {
    for (let from = 0; from < count; from += 1_000) {
      const values: unknown[] = [];
      const rows: string[] = [];
      for (let i = from; i < Math.min(count, from + 1_000); i++) {
        const w = words[(i * 3 + a) % words.length];
        const span = { start: w.start, end: Math.min(map.codePointLength, w.end + (i % 4 === 0 ? 0 : (i % 3) * 4)) };
        const q = quoteOf(map, span);
        const n = values.length;
        rows.push(`($${n + 1},$${n + 2},$${n + 3},$${n + 4},$${n + 5},$${n + 6},$${n + 7},$${n + 8},$${n + 9},$${n + 10},$${n + 11},now())`);
        values.push(uuid7(), projectId, documentId, labelIds[(i + a * (i % 5 === 0 ? 1 : 0)) % labelIds.length], author, span.start, span.end, q.exact, q.prefix, q.suffix, canonicalId ?? null);
      }
      await ctx.db.query(
        `INSERT INTO "Annotation" (id,"projectId","documentId","labelId","authorId",start,"end",exact,prefix,suffix,"canonicalId","updatedAt") VALUES ${rows.join(",")}`,
        values,
      );
    }
  }
}

const words = (n: number) => Array.from({ length: n }, (_, i) => ["Kim", "met", "officials", "in", "Pyongyang", "and", "Moscow", "to", "discuss", "the", "treaty", "signed", "on", "June", "19"][i % 15]).join(" ");


/** As the export page does it: queue the export for the job runner, follow it, download the file. */
async function exportByJob(ctx: Ctx, projectId: string, options: Record<string, string>): Promise<string> {
  const t0 = performance.now();
  let job = (await (await ctx.api(`/api/projects/${projectId}/exports`, { method: "POST", body: { options } })).json()) as { id: string; state: string; fileUrl: string | null };
  while (job.state === "QUEUED" || job.state === "RUNNING") {
    await new Promise((resolve) => setTimeout(resolve, 500));
    job = (await (await ctx.api(`/api/exports/${job.id}`)).json()) as typeof job;
  }
  const file = job.fileUrl ? await ctx.api(job.fileUrl) : null;
  const bytes = file ? (await file.arrayBuffer()).byteLength : 0;
  return `export job ${job.state} ${(bytes / 1048576).toFixed(1)} MB ${((performance.now() - t0) / 1000).toFixed(1)} s`;
}

/** As the import panel does it: upload for the job runner, follow the job until its report is ready. */
async function importByJob(ctx: Ctx, projectId: string, form: FormData): Promise<string> {
  let job = (await (await ctx.api(`/api/projects/${projectId}/imports`, { method: "POST", form })).json()) as { id: string; state: string; error?: string | null };
  while (job.state === "QUEUED" || job.state === "RUNNING") {
    await new Promise((resolve) => setTimeout(resolve, 500));
    job = (await (await ctx.api(`/api/imports/${job.id}`)).json()) as typeof job;
  }
  return `import job ${job.state}${job.error ? ` (${job.error})` : ""}`;
}

/** A project with a 40,000-word text and a W3C set of 20,000 × size annotations on it, as an upload. */
async function w3cImport(ctx: Ctx, size: number, name: string): Promise<{ projectId: string; form: FormData; count: number }> {
  const project = await newProject(ctx, `stall ${name} ${size}`);
  const text = words(40_000).replace(/((?:\S+ ){200})/g, "$1\n\n");
  const { documentId } = await importText(ctx, project.id, "Target", text);
  const map = new OffsetMap(text);
  const found = [...text.matchAll(/\p{L}+/gu)];
  const annotations = Array.from({ length: Math.round(20_000 * size) }, (_, i) => {
    const m = found[i % found.length];
    const start = map.toCodePoint(m.index!);
    const span = { start, end: start + Array.from(m[0]).length };
    const q = quoteOf(map, span);
    return {
      type: "Annotation",
      id: `urn:uuid:${uuid7()}`,
      body: { type: "TextualBody", purpose: "tagging", value: project.labels[i % project.labels.length].name },
      target: { source: `${ctx.server.url}/documents/${documentId}`, selector: [{ type: "TextQuoteSelector", ...q }, { type: "TextPositionSelector", ...span }] },
    };
  });
  const form = new FormData();
  form.append("files", new Blob([JSON.stringify({ "@context": "http://www.w3.org/ns/anno.jsonld", type: "AnnotationPage", items: annotations })], { type: "application/json" }), "set.json");
  return { projectId: project.id, form, count: annotations.length };
}

async function dashboardRow(ctx: Ctx, size: number, withExport: boolean): Promise<string> {
  const row = withExport ? "dashboard" : "figures";
  const project = await newProject(ctx, `stall ${row} ${size}`);
  const text = words(30_000 * size).replace(/((?:\S+ ){200})/g, "$1\n\n");
  const { documentId } = await importText(ctx, project.id, "Long", text);
  const a = await addMember(ctx, project.id, `a1-${row}-${size}@stall.local`, "ANNOTATOR");
  const b = await addMember(ctx, project.id, `a2-${row}-${size}@stall.local`, "ANNOTATOR");
  await seedAnnotations(ctx, project.id, documentId!, text, [a, b], project.labels.map((l) => l.id), 5_000 * size);
  const parts: string[] = [];
  for (const path of [
    `/projects/${project.id}/dashboard`,
    `/api/projects/${project.id}/progress`,
    `/api/projects/${project.id}/agreement`,
    `/api/documents/${documentId}/agreement`,
  ]) {
    const t0 = performance.now();
    const r = await ctx.api(path);
    await r.arrayBuffer();
    parts.push(`${path.split("/").slice(-1)[0].split("?")[0] || "page"} ${r.status} ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  // Figures are computed by the job runner beside the server: the action lasts until all three
  // are ready (health is probed all along), polled as the pages do.
  const t0 = performance.now();
  for (const path of [`/api/projects/${project.id}/progress`, `/api/projects/${project.id}/agreement`, `/api/documents/${documentId}/agreement`]) {
    for (;;) {
      const answer = (await (await ctx.api(path)).json()) as { computing?: boolean };
      if (answer.computing === false) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  parts.push(`figures ready after ${((performance.now() - t0) / 1000).toFixed(1)} s more`);
  // The CoNLL export as the export page makes it: by the job runner.
  if (withExport) parts.push(await exportByJob(ctx, project.id, { format: "conll" }));
  return parts.join("; ");
}

/** `setup`, when given, prepares the data outside the measured time; `run` is the measured action. */
type Row = { name: string; setup?: (ctx: Ctx, size: number) => Promise<unknown>; run: (ctx: Ctx, size: number, prepared?: unknown) => Promise<string> };

const rows: Row[] = [
  {
    name: "suggest",
    // Import a 160 KB text that names a knowledge-base entity 40,000 times (suggestions on import).
    async run(ctx, size) {
      const project = await newProject(ctx, `stall suggest ${size}`);
      await ctx.api(`/api/projects/${project.id}/knowledge`, { method: "POST", body: { kind: "ENTITY", name: "Kim Jong Un", aliases: ["Kim"] } });
      const text = "Kim Jong Un met Kim. ".repeat(20_000 * size).replace(/(.{2000})/g, "$1\n\n");
      const { response } = await importText(ctx, project.id, "Many mentions", text);
      return `${response.status}, ${(Buffer.byteLength(text) / 1024).toFixed(0)} KB, ${40_000 * size} mentions`;
    },
  },
  {
    name: "dashboard",
    // A project with one 30,000-word document and 2 × 5,000 annotations: dashboard, progress, agreement, document agreement, CoNLL export.
    run: (ctx, size) => dashboardRow(ctx, size, true),
  },
  {
    name: "figures",
    // The dashboard row without the CoNLL export (still on the request thread): the figures alone, computed by the job.
    run: (ctx, size) => dashboardRow(ctx, size, false),
  },
  {
    name: "candidates",
    // GET …/knowledge/candidates?q= with fifty words against long linked annotations.
    async run(ctx, size) {
      const project = await newProject(ctx, `stall candidates ${size}`);
      const text = words(20_000);
      const { documentId } = await importText(ctx, project.id, "Linked", text);
      const item = (await (await ctx.api(`/api/projects/${project.id}/knowledge`, { method: "POST", body: { kind: "ENTITY", name: "Kim Jong Un" } })).json()) as { id: string };
      const map = new OffsetMap(text);
      const linked = 200 * size;
      for (let i = 0; i < linked; i += 100) {
        const values: unknown[] = [];
        const rowsSql: string[] = [];
        for (let k = i; k < Math.min(linked, i + 100); k++) {
          const start = (k * 97) % (map.codePointLength - 3_000);
          const q = quoteOf(map, { start, end: start + 2_000 + (k % 500) });
          const n = values.length;
          rowsSql.push(`($${n + 1},$${n + 2},$${n + 3},$${n + 4},$${n + 5},$${n + 6},$${n + 7},$${n + 8},$${n + 9},$${n + 10},$${n + 11},now())`);
          values.push(uuid7(), project.id, documentId, project.labels.find((l) => l.kind === "ENTITY")!.id, ctx.ownerId, start, start + Array.from(q.exact).length, q.exact, q.prefix, q.suffix, item.id);
        }
        await ctx.db.query(`INSERT INTO "Annotation" (id,"projectId","documentId","labelId","authorId",start,"end",exact,prefix,suffix,"canonicalId","updatedAt") VALUES ${rowsSql.join(",")}`, values);
      }
      const q = Array.from({ length: 50 }, (_, i) => `word${i}`).join(" ").slice(0, 199);
      const r = await ctx.api(`/api/projects/${project.id}/knowledge/candidates?kind=ENTITY&q=${encodeURIComponent(q)}`);
      await r.arrayBuffer();
      return `${r.status}, ${linked} linked annotations of 2,000–2,500 characters`;
    },
  },
  {
    name: "reanchor",
    // Dry-run import of 50 quotes with prefix/suffix on a 200,000-character repetitive text.
    async run(ctx, size) {
      const project = await newProject(ctx, `stall reanchor ${size}`);
      const text = "ab ".repeat((200_000 * size) / 3);
      const { documentId } = await importText(ctx, project.id, "Repetitive", text);
      const annotations = Array.from({ length: 50 }, (_, i) => ({
        "@context": "http://www.w3.org/ns/anno.jsonld",
        type: "Annotation",
        id: `urn:uuid:${uuid7()}`,
        body: { type: "TextualBody", purpose: "tagging", value: project.labels[0].name },
        target: {
          source: `${ctx.server.url}/documents/${documentId}`,
          selector: [
            { type: "TextQuoteSelector", exact: "ab ab", prefix: "ab ".repeat(10), suffix: " ab".repeat(10) },
            { type: "TextPositionSelector", start: 1_000 + i * 7 + 1, end: 1_000 + i * 7 + 6 },
          ],
        },
      }));
      const form = new FormData();
      form.append("files", new Blob([JSON.stringify(annotations)], { type: "application/json" }), "quotes.json");
      form.append("dryRun", "true");
      return `${await importByJob(ctx, project.id, form)}, ${text.length.toLocaleString("en")} characters`;
    },
  },
  {
    name: "w3c-import",
    // Import of 20,000 W3C annotations, as the import panel does it: by the job runner.
    async run(ctx, size) {
      const { projectId, form, count } = await w3cImport(ctx, size, "w3c");
      return `${await importByJob(ctx, projectId, form)}, ${count.toLocaleString("en")} annotations`;
    },
  },
  {
    name: "direct-import",
    // The same import through the direct route (POST …/annotation-import, for API clients and
    // scripts), which answers with the report.
    async run(ctx, size) {
      const { projectId, form, count } = await w3cImport(ctx, size, "direct");
      const r = await ctx.api(`/api/projects/${projectId}/annotation-import`, { method: "POST", form });
      const report = (await r.json()) as { totals?: Record<string, number> };
      return `${r.status}, ${count.toLocaleString("en")} annotations, ${report.totals?.accepted ?? 0} accepted`;
    },
  },
  {
    name: "proposals",
    // GET …/proposals (every viewer open asks it) on a 1 MB × size document with emoji, CJK and CRLF,
    // 5,000 × size annotations for the string matcher to learn from (made before the measured time).
    // Until 7 December 2026 the matching's library walked such a text quadratically: no answer in
    // 200 s at 1 MB.
    async setup(ctx, size) {
      const project = await newProject(ctx, `stall proposals ${size}`);
      const line = "🇰🇵 Kim met officials in Pyongyang and Moscow to discuss the treaty signed on June 19 — 金正恩同志 said so.\r\n";
      const text = line.repeat(Math.ceil((1_000_000 * size) / line.length));
      const { documentId } = await importText(ctx, project.id, "Long, with emoji", text);
      const stored = (await ctx.db.query<{ text: string }>(`SELECT text FROM "Document" WHERE id = $1`, [documentId])).rows[0].text;
      await seedAnnotations(ctx, project.id, documentId!, stored, [ctx.ownerId], project.labels.map((l) => l.id), 5_000 * size);
      return { documentId, mb: Buffer.byteLength(stored) / 1e6 };
    },
    async run(ctx, _size, prepared) {
      const { documentId, mb } = prepared as { documentId: string; mb: number };
      const r = await ctx.api(`/api/documents/${documentId}/proposals`);
      const body = (await r.json()) as { proposals?: unknown[] };
      return `${r.status}, ${body.proposals?.length ?? 0} proposals, ${mb.toFixed(1)} MB`;
    },
  },
  ...(["conll", "w3c", "native"] as const).map((format) => ({
    name: `${format}-export`,
    // GET …/export?format=… (the download, converted in its request) of one 1 MB × size document with
    // emoji and CJK and 5,000 × size annotations (made before the measured time). Until 7 December
    // 2026 each document was converted in one piece: CoNLL's word segmentation held the thread about
    // a second per megabyte and layer.
    async setup(ctx: Ctx, size: number) {
      const project = await newProject(ctx, `stall ${format} export ${size}`);
      const line = "🇰🇵 Kim Jong Un met officials in Pyongyang and Moscow to discuss the treaty signed on June 19 — 金正恩同志 said so.\n";
      const text = line.repeat(Math.ceil((1_000_000 * size) / line.length));
      const { documentId } = await importText(ctx, project.id, "Long, with emoji", text);
      const stored = (await ctx.db.query<{ text: string }>(`SELECT text FROM "Document" WHERE id = $1`, [documentId])).rows[0].text;
      await seedAnnotations(ctx, project.id, documentId!, stored, [ctx.ownerId], project.labels.map((l) => l.id), 5_000 * size);
      return { projectId: project.id, mb: Buffer.byteLength(stored) / 1e6 };
    },
    async run(ctx: Ctx, _size: number, prepared: unknown) {
      const { projectId, mb } = prepared as { projectId: string; mb: number };
      const r = await ctx.api(`/api/projects/${projectId}/export?format=${format}`);
      const bytes = (await r.arrayBuffer()).byteLength;
      return `${r.status}, ${(bytes / 1e6).toFixed(1)} MB out, ${mb.toFixed(1)} MB document`;
    },
  })),
  {
    name: "ner",
    // Running the English-entities recommender over a 200,000 × size character document (compromise,
    // in the request; the document imported before the measured time). Until 7 December 2026 it
    // read the text in one piece: 133 s at 200,000.
    async setup(ctx, size) {
      const project = await newProject(ctx, `stall ner ${size}`);
      const line = "Later, Vladimir Putin flew to Vladivostok 🇰🇵, where Kim Jong Un met him. Microsoft said nothing.\n";
      const text = line.repeat(Math.ceil((200_000 * size) / line.length));
      await importText(ctx, project.id, "Entities", text);
      const created = await ctx.api(`/api/projects/${project.id}/recommenders`, { method: "POST", body: { kind: "ENGLISH_NER", name: "English entities" } });
      return { projectId: project.id, id: ((await created.json()) as { id: string }).id, characters: text.length };
    },
    async run(ctx, _size, prepared) {
      const { projectId, id, characters } = prepared as { projectId: string; id: string; characters: number };
      const r = await ctx.api(`/api/projects/${projectId}/recommenders/${id}/run`, { method: "POST", body: {} });
      const report = (await r.json()) as { proposals?: number };
      return `${r.status}, ${report.proposals ?? "?"} proposals, ${characters.toLocaleString("en")} characters`;
    },
  },
  {
    name: "streams",
    // One account opening 1,000 × size event streams on one document.
    async run(ctx, size) {
      const project = await newProject(ctx, `stall streams ${size}`);
      const { documentId } = await importText(ctx, project.id, "Watched", words(2_000));
      const controllers: AbortController[] = [];
      const statuses = new Map<number, number>();
      const opened = await Promise.all(
        Array.from({ length: 500 * size }, async () => {
          const controller = new AbortController();
          controllers.push(controller);
          try {
            const r = await fetch(`${ctx.server.url}/api/documents/${documentId}/events`, { headers: { cookie: ctx.owner }, signal: controller.signal });
            statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
            return r.ok;
          } catch {
            return false;
          }
        }),
      );
      // Hold them open through a few presence heartbeats.
      await new Promise((r) => setTimeout(r, 20_000));
      for (const c of controllers) c.abort();
      return `${opened.filter(Boolean).length} of ${opened.length} opened; statuses ${[...statuses].map(([s, n]) => `${s}×${n}`).join(", ")}`;
    },
  },
];

async function main() {
  const server = await startWorkbench("stall", Number(process.env.BENCH_PORT ?? 3211));
  const db = new pg.Client({ connectionString: server.databaseUrl });
  await db.connect();
  try {
    const serverPid = nextServerPid(server.pid);
    const owner = await sessionCookie(server.url, "owner@stall.local", PASSWORD);
    const ownerId = (await db.query<{ id: string }>(`SELECT id FROM "User" WHERE email = 'owner@stall.local'`)).rows[0].id;
    const api: Ctx["api"] = (path, init = {}) =>
      fetch(`${server.url}${path}`, {
        method: init.method ?? "GET",
        headers: { cookie: owner, ...(init.body !== undefined ? { "content-type": "application/json" } : {}) },
        body: init.form ?? (init.body !== undefined ? JSON.stringify(init.body) : undefined),
      });
    const ctx: Ctx = { server, db, owner, ownerId, api };

    // Next loads a route's code on its first request (100–300 ms of module loading on the request
    // thread, whatever the data): each row runs once at a twentieth of its size, unmeasured, so the
    // rows measure the data's size rather than the server's first start.
    for (const row of rows) {
      if (ROWS && !ROWS.includes(row.name)) continue;
      await (async () => row.run(ctx, 0.05, await row.setup?.(ctx, 0.05)))().catch((error: Error) => console.log(`warm-up of ${row.name} failed: ${error.message.slice(0, 80)}`));
    }
    const idle = await measure(server, serverPid, () => new Promise((r) => setTimeout(() => r("idle"), 3_000)));
    console.log(`Reference (idle server, same probe): health p50 ${idle.healthP50.toFixed(1)} ms, p99 ${idle.healthP99.toFixed(1)} ms, RSS ${idle.rssMb.toFixed(0)} MB`);
    console.log("");
    console.log("| row | size | action | took | health p50 | health p99 | health max | peak RSS | targets |");
    console.log("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |");
    for (const row of rows) {
      if (ROWS && !ROWS.includes(row.name)) continue;
      for (const size of SIZES) {
        const prepared = await row.setup?.(ctx, size);
        const m = await measure(server, serverPid, () => row.run(ctx, size, prepared));
        console.log(`| ${row.name} | ${size}× | ${m.status} | ${measuredCells(m)}`);
      }
    }
  } finally {
    await db.end();
    await server.stop();
  }
}

runBench(main);
