// Create throughput: 20 simulated annotators POSTing annotations at once against a production
// build, next to the floor — 20 `pg` clients running plain INSERTs of the same rows into the same
// database in the same run. Prints throughput and p50/p95/p99 latency for both.
// Usage: npx tsx bench/api-create.ts   (not part of npm test)
import crypto from "node:crypto";
import pg from "pg";
import { OffsetMap, quoteOf } from "../lib/anchoring/offsets";
import { joinByInvitation, percentile, sessionCookie, startWorkbench } from "./lib/workbench-server";

const ANNOTATORS = 20;
const PER_ANNOTATOR = Number(process.env.BENCH_PER_ANNOTATOR ?? 150);

const uuid7 = () => {
  const hex = Date.now().toString(16).padStart(12, "0") + crypto.randomBytes(10).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

type Result = { latencies: number[]; seconds: number; errors: number };

async function runConcurrent(workers: number, perWorker: number, work: (worker: number, i: number) => Promise<boolean>): Promise<Result> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (let i = 0; i < perWorker; i++) {
        const t0 = performance.now();
        const ok = await work(w, i).catch(() => false);
        latencies.push(performance.now() - t0);
        if (!ok) errors++;
      }
    }),
  );
  return { latencies, seconds: (performance.now() - started) / 1000, errors };
}

function row(name: string, r: Result) {
  const n = r.latencies.length;
  return `| ${name} | ${n} | ${r.errors} | ${(n / r.seconds).toFixed(0)}/s | ${percentile(r.latencies, 50).toFixed(1)} ms | ${percentile(r.latencies, 95).toFixed(1)} ms | ${percentile(r.latencies, 99).toFixed(1)} ms |`;
}

async function main() {
  const server = await startWorkbench("api", Number(process.env.BENCH_PORT ?? 3201));
  try {
    const text = Array.from({ length: 400 }, (_, i) => `Paragraph ${i}: Kim Jong Un met Vladimir Putin in Vladivostok 🤝 on April 25, 2019.`).join("\n\n");
    const map = new OffsetMap(text);
    const owner = await sessionCookie(server.url, "owner@bench.local", "bench-password-123");
    const api = (cookie: string, p: string, body?: unknown) =>
      fetch(`${server.url}${p}`, { method: body ? "POST" : "GET", headers: { "content-type": "application/json", cookie }, body: body ? JSON.stringify(body) : undefined });
    const project = (await (await api(owner, "/api/projects", { name: "API bench" })).json()) as { id: string };
    const cookies: string[] = [];
    for (let w = 0; w < ANNOTATORS; w++) {
      const email = `annotator${w}@bench.local`;
      cookies.push(await sessionCookie(server.url, email, "bench-password-123"));
      await joinByInvitation(server.url, owner, cookies[w], project.id, email);
    }
    const imported = (await (await api(owner, `/api/projects/${project.id}/documents`, { documents: [{ text, title: "API bench" }] })).json()) as { report: { documentId: string }[] };
    const documentId = imported.report[0].documentId;
    const { labels } = (await (await api(owner, `/api/projects/${project.id}/labels`)).json()) as { labels: { id: string }[] };
    const { members } = (await (await api(owner, `/api/projects/${project.id}/members`)).json()) as { members: { userId: string; email: string }[] };
    const words = [...text.matchAll(/\p{L}+/gu)].map((m) => ({ start: map.toCodePoint(m.index!), end: map.toCodePoint(m.index! + m[0].length) }));
    const span = (w: number, i: number) => words[(w * PER_ANNOTATOR + i) % words.length];

    // Warm-up: a few requests so the first compile/connection costs are not measured.
    await runConcurrent(4, 5, async (w, i) => {
      const s = span(w + 100, i);
      return (await api(cookies[w], `/api/documents/${documentId}/annotations`, { id: uuid7(), labelId: labels[0].id, start: s.start, end: s.end, exact: map.slice(s.start, s.end) })).status === 201;
    });

    const viaApi = await runConcurrent(ANNOTATORS, PER_ANNOTATOR, async (w, i) => {
      const s = span(w, i);
      const response = await api(cookies[w], `/api/documents/${documentId}/annotations`, {
        id: uuid7(), labelId: labels[(w + i) % labels.length].id, start: s.start, end: s.end, exact: map.slice(s.start, s.end),
      });
      await response.arrayBuffer();
      return response.status === 201;
    });

    // The floor: the same rows through plain INSERTs from 20 connections.
    const authorOf = new Map(members.map((m) => [m.email, m.userId]));
    const clients = await Promise.all(Array.from({ length: ANNOTATORS }, async () => {
      const c = new pg.Client({ connectionString: server.databaseUrl });
      await c.connect();
      return c;
    }));
    const floor = await runConcurrent(ANNOTATORS, PER_ANNOTATOR, async (w, i) => {
      const s = span(w, i);
      const q = quoteOf(map, s);
      await clients[w].query(
        `INSERT INTO "Annotation" (id,"projectId","documentId","labelId","authorId",start,"end",exact,prefix,suffix,"updatedAt") VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,now())`,
        [uuid7(), project.id, documentId, labels[(w + i) % labels.length].id, authorOf.get(`annotator${w}@bench.local`), s.start, s.end, q.exact, q.prefix, q.suffix],
      );
      return true;
    });
    await Promise.all(clients.map((c) => c.end()));

    console.log(`${ANNOTATORS} concurrent annotators × ${PER_ANNOTATOR} creates each, one document`);
    console.log("");
    console.log("| path | requests | errors | throughput | p50 | p95 | p99 |");
    console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    console.log(row("POST /api/documents/[id]/annotations", viaApi));
    console.log(row("floor: plain INSERT via pg", floor));
    console.log("");
    console.log(`Ratio (API / floor): throughput ${((viaApi.latencies.length / viaApi.seconds) / (floor.latencies.length / floor.seconds)).toFixed(2)}, p50 ${(percentile(viaApi.latencies, 50) / percentile(floor.latencies, 50)).toFixed(1)}×`);
  } finally {
    await server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
