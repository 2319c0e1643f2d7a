// A project at research scale (issue 14): 10,000 documents and 1,000,000 annotations from 5
// annotators (plus their history rows and assignments), then what a researcher opens — the project
// page, the document list, the dashboard with its figures, agreement, search, the timeline and an
// export — each timed to its answer (figures: to the last computed figures, made by the job
// runner), while a second client asks GET /api/health every 20 ms. Reference, same probe, same
// run: the idle server's health latency. Target: health p99 under 100 ms and RSS under 1 GB while
// each answers (or shows progress).
// Usage: npm run bench:scale   (BENCH_DOCUMENTS=10000 BENCH_PER_DOCUMENT=20 scale it; not part of npm test)
import pg from "pg";
import { measure, measuredCells, nextServerPid, runBench } from "./lib/health-probe";
import { sessionCookie, startWorkbench } from "./lib/workbench-server";

const DOCUMENTS = Number(process.env.BENCH_DOCUMENTS ?? 10_000);
const ANNOTATORS = 5;
/** Per document and annotator: 5 × 20 × 10,000 = 1,000,000. */
const PER_DOCUMENT = Number(process.env.BENCH_PER_DOCUMENT ?? 20);
const FIGURES_TIMEOUT_MS = Number(process.env.BENCH_FIGURES_TIMEOUT_MS ?? 900_000);
const PASSWORD = "research scale: nine patient archivists";

async function main() {
  const server = await startWorkbench("scale", Number(process.env.BENCH_PORT ?? 3231));
  const db = new pg.Client({ connectionString: server.databaseUrl });
  await db.connect();
  try {
    const serverPid = nextServerPid(server.pid);
    const cookie = await sessionCookie(server.url, "owner@scale.local", PASSWORD);
    const api = (path: string, init: { method?: string; body?: unknown } = {}) =>
      fetch(`${server.url}${path}`, {
        method: init.method ?? "GET",
        headers: { cookie, ...(init.body !== undefined ? { "content-type": "application/json" } : {}) },
        body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
      });
    // Annotators see each other's work here, so agreement has pairs to compare in every document.
    const project = (await (await api("/api/projects", { method: "POST", body: { name: "Research scale", annotatorsSee: "EVERYONE" } })).json()) as { id: string };
    const t0 = performance.now();
    const annotators: string[] = [];
    for (let i = 0; i < ANNOTATORS; i++) {
      const { rows } = await db.query<{ id: string }>(`INSERT INTO "User" (id, email, name) VALUES (gen_random_uuid(), $1, $2) RETURNING id`, [`annotator${i}@scale.local`, `Annotator ${i}`]);
      annotators.push(rows[0].id);
      await db.query(`INSERT INTO "Membership" ("projectId", "userId", role) VALUES ($1, $2, 'ANNOTATOR')`, [project.id, rows[0].id]);
    }
    // Texts of ~2,000 characters, words from the sample corpus' register, each document different.
    await db.query(
      `INSERT INTO "Document" (id, "projectId", title, text, "contentHash", length, publisher, "publishedOn", "createdAt")
       SELECT gen_random_uuid(), $1, 'Article ' || i, t, md5(t), length(t), (ARRAY['KCNA','Rodong Sinmun','The Pyongyang Times'])[1 + i % 3],
              (2000 + i % 25)::text || '-' || lpad((1 + i % 12)::text, 2, '0'), now() - (i || ' minutes')::interval
       FROM generate_series(1, $2::int) i,
            LATERAL (SELECT 'Article ' || i || ': ' || repeat('Kim Jong Un met officials in Pyongyang and Moscow to discuss the treaty signed on June 19. ', 22) AS t) x`,
      [project.id, DOCUMENTS],
    );
    const labels = (await db.query<{ id: string }>(`SELECT id FROM "Label" WHERE "projectId" = $1 ORDER BY name`, [project.id])).rows.map((r) => r.id);
    // Each annotator tags PER_DOCUMENT words per document; most spans agree across annotators,
    // the label differs for some (agreement has something to measure).
    await db.query(
      `INSERT INTO "Annotation" (id, "projectId", "documentId", "labelId", "authorId", start, "end", exact, prefix, suffix, "updatedAt")
       SELECT gen_random_uuid(), d."projectId", d.id, ($3::uuid[])[1 + ((n + CASE WHEN (a.k + n) % 7 = 0 THEN a.k ELSE 0 END) % array_length($3::uuid[], 1))],
              a.id, 20 + n * 90, 20 + n * 90 + 11, substr(d.text, 21 + n * 90, 11), '', '', now()
       FROM "Document" d, generate_series(0, $4::int - 1) n, unnest($2::uuid[]) WITH ORDINALITY AS a(id, k)
       WHERE d."projectId" = $1`,
      [project.id, annotators, labels, PER_DOCUMENT],
    );
    await db.query(
      `INSERT INTO "AnnotationHistory" (id, "annotationId", "actorId", action, version, after, "createdAt")
       SELECT gen_random_uuid(), a.id, a."authorId", 'CREATE', 1, jsonb_build_object('labelId', a."labelId", 'start', a.start, 'end', a."end"), a."createdAt"
       FROM "Annotation" a WHERE a."projectId" = $1`,
      [project.id],
    );
    await db.query(
      `INSERT INTO "DocumentAssignment" ("projectId", "documentId", "userId", "finishedAt")
       SELECT d."projectId", d.id, a.id, CASE WHEN random() < 0.6 THEN now() END
       FROM "Document" d, unnest($2::uuid[]) a(id) WHERE d."projectId" = $1 AND random() < 0.5`,
      [project.id, annotators],
    );
    await db.query("ANALYZE");
    const { rows: [count] } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM "Annotation" WHERE "projectId" = $1`, [project.id]);
    console.log(`Seeded ${DOCUMENTS.toLocaleString("en")} documents, ${Number(count.n).toLocaleString("en")} annotations (and as many history rows) from ${ANNOTATORS} annotators in ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);

    // Next loads a route's code on its first request (100–200 ms of module loading on the request
    // thread, whatever the data): each page and route is asked for once on a one-document project
    // first, so the rows measure the data's scale rather than the server's first start.
    const small = (await (await api("/api/projects", { method: "POST", body: { name: "Warm-up" } })).json()) as { id: string };
    await api(`/api/projects/${small.id}/documents`, { method: "POST", body: { documents: [{ title: "Warm-up", text: "Kim Jong Un met officials in Pyongyang." }] } });
    for (const path of [`/projects/${small.id}`, `/api/projects/${small.id}/documents?sort=annotations&dir=desc`, `/projects/${small.id}/dashboard`, `/api/projects/${small.id}/progress`, `/api/projects/${small.id}/agreement`, `/api/projects/${small.id}/search?q=Kim`, `/projects/${small.id}/timeline`]) {
      await (await api(path)).arrayBuffer();
    }
    const idle = await measure(server, serverPid, () => new Promise((r) => setTimeout(() => r("idle"), 3_000)));
    console.log(`Reference (idle server, same probe): health p50 ${idle.healthP50.toFixed(1)} ms, p99 ${idle.healthP99.toFixed(1)} ms, RSS ${idle.rssMb.toFixed(0)} MB\n`);

    const get = async (path: string) => {
      const t = performance.now();
      const r = await api(path);
      const bytes = (await r.arrayBuffer()).byteLength;
      return `${r.status}, ${(bytes / 1024).toFixed(0)} KB, ${((performance.now() - t) / 1000).toFixed(2)} s`;
    };
    /** The first answer (last figures or progress), then polling as the pages do until computed. */
    const figures = async (path: string) => {
      const t = performance.now();
      const first = await (await api(path)).json() as { computing?: boolean; progress?: unknown };
      const firstAt = (performance.now() - t) / 1000;
      let answer = first;
      while (answer.computing !== false && performance.now() - t < FIGURES_TIMEOUT_MS) {
        await new Promise((r) => setTimeout(r, 1000));
        answer = (await (await api(path)).json()) as typeof answer;
      }
      const done = answer.computing === false;
      return `first answer ${firstAt.toFixed(2)} s (computing: ${first.computing}); ${done ? "computed" : "still computing"} after ${((performance.now() - t) / 1000).toFixed(0)} s`;
    };
    const exportJob = async (options: Record<string, string>) => {
      const t = performance.now();
      let job = (await (await api(`/api/projects/${project.id}/exports`, { method: "POST", body: { options } })).json()) as { id: string; state: string; bytes: number };
      while ((job.state === "QUEUED" || job.state === "RUNNING") && performance.now() - t < FIGURES_TIMEOUT_MS) {
        await new Promise((r) => setTimeout(r, 1000));
        job = (await (await api(`/api/exports/${job.id}`)).json()) as typeof job;
      }
      return `job ${job.state}, ${(job.bytes / 1048576).toFixed(0)} MB after ${((performance.now() - t) / 1000).toFixed(0)} s`;
    };

    const actions: [string, () => Promise<string>][] = [
      ["project page", () => get(`/projects/${project.id}`)],
      ["document list sorted by annotations", () => get(`/api/projects/${project.id}/documents?sort=annotations&dir=desc`)],
      ["dashboard page", () => get(`/projects/${project.id}/dashboard`)],
      ["progress (dashboard figures)", () => figures(`/api/projects/${project.id}/progress`)],
      ["agreement", () => figures(`/api/projects/${project.id}/agreement`)],
      ["search", () => get(`/api/projects/${project.id}/search?q=treaty%20Moscow`)],
      ["timeline page", () => get(`/projects/${project.id}/timeline`)],
      ["CSV export (job)", () => exportJob({ format: "csv", layers: "mixed" })],
    ];
    console.log("| action | answer | took | health p50 | health p99 | health max | peak RSS | targets |");
    console.log("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |");
    for (const [name, action] of actions) {
      const m = await measure(server, serverPid, action);
      console.log(`| ${name} | ${m.status} | ${measuredCells(m)}`);
    }
  } finally {
    await db.end();
    await server.stop();
  }
}

runBench(main);
