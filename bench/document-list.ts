// The document list at corpus scale: 10,000 documents (with 200,000 annotations and assignments)
// in one project; how long the server takes to answer a page of the list — the API and the
// project page — for the default order, each sortable column, a text filter, a date range and the
// last page. Next to it, the floor measured in the same run: the same page read straight from
// PostgreSQL by one SQL statement (no HTTP, no auth, no rendering). Target: every page under 300 ms.
// Usage: npm run bench:list   (not part of npm test)   BENCH_DOCUMENTS scales it (default 10000)
import pg from "pg";
import { median, percentile, sessionCookie, startWorkbench } from "./lib/workbench-server";

const DOCUMENTS = Number(process.env.BENCH_DOCUMENTS ?? 10_000);
const PER_DOCUMENT = 20;
const RUNS = 15;
const TARGET_MS = 300;

async function timed(run: () => Promise<unknown>): Promise<{ median: number; p95: number }> {
  await run(); // warm
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  return { median: median(times), p95: percentile(times, 95) };
}

async function main() {
  const server = await startWorkbench("list", 3391);
  const db = new pg.Client({ connectionString: server.databaseUrl });
  try {
    const cookie = await sessionCookie(server.url, "owner@bench.list", "list bench passphrase");
    const headers = { cookie, "content-type": "application/json" };
    const project = (await (await fetch(`${server.url}/api/projects`, { method: "POST", headers, body: JSON.stringify({ name: "List bench" }) })).json()) as { id: string };
    await db.connect();
    const t0 = performance.now();
    const { rows: [owner] } = await db.query<{ id: string }>(`SELECT id FROM "User" WHERE email = 'owner@bench.list'`);
    await db.query(
      `INSERT INTO "Document" (id, "projectId", title, text, "contentHash", length, publisher, "publishedOn", tags, "createdAt")
       SELECT gen_random_uuid(), $1, 'Article ' || i || CASE WHEN i % 97 = 0 THEN ' on the treaty' ELSE '' END, 'Text of article ' || i,
              md5(i::text), 1000 + i % 5000, (ARRAY['KCNA','Rodong Sinmun','The Pyongyang Times',NULL])[1 + i % 4],
              (2000 + i % 25)::text || CASE WHEN i % 3 = 0 THEN '' ELSE '-' || lpad((1 + i % 12)::text, 2, '0') END,
              CASE WHEN i % 10 = 0 THEN ARRAY['treaty'] ELSE ARRAY[]::text[] END, now() - (i || ' minutes')::interval
       FROM generate_series(1, $2::int) i`,
      [project.id, DOCUMENTS],
    );
    await db.query(
      `INSERT INTO "Annotation" (id, "projectId", "documentId", "labelId", "authorId", start, "end", exact, prefix, suffix, "updatedAt")
       SELECT gen_random_uuid(), d."projectId", d.id, (SELECT id FROM "Label" WHERE "projectId" = $1 LIMIT 1), $2, n, n + 1, 'x', '', '', now()
       FROM "Document" d, generate_series(0, $3::int - 1) n WHERE d."projectId" = $1`,
      [project.id, owner.id, PER_DOCUMENT],
    );
    await db.query(
      `INSERT INTO "DocumentAssignment" ("projectId", "documentId", "userId", "finishedAt")
       SELECT "projectId", id, $2, CASE WHEN random() < 0.5 THEN now() END FROM "Document" WHERE "projectId" = $1 AND random() < 0.3`,
      [project.id, owner.id],
    );
    await db.query(`ANALYZE`);
    console.log(`Seeded ${DOCUMENTS.toLocaleString("en")} documents, ${(DOCUMENTS * PER_DOCUMENT).toLocaleString("en")} annotations in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);

    const cases: [string, string, string][] = [
      // name, query string, the floor's ORDER BY / WHERE
      ["default order (import)", "", `ORDER BY d."createdAt", d.id`],
      ["sorted by title", "sort=title", `ORDER BY lower(d.title), d.id`],
      ["sorted by date, descending", "sort=publishedOn&dir=desc", `ORDER BY d."publishedOn" DESC NULLS LAST, d.id DESC`],
      ["sorted by annotations", "sort=annotations&dir=desc", `ORDER BY (SELECT count(*) FROM "Annotation" a WHERE a."documentId" = d.id AND a."deletedAt" IS NULL) DESC, d.id DESC`],
      ["filtered by text", "q=treaty", `AND d.title ILIKE '%treaty%' ORDER BY d."createdAt", d.id`],
      ["filtered by date range and tag", "from=2010&to=2012-06&tag=treaty", `AND d."publishedOn" BETWEEN '2010' AND '2012-06-99' AND 'treaty' = ANY(d.tags) ORDER BY d."createdAt", d.id`],
      ["last page", `offset=${DOCUMENTS - 50}`, `ORDER BY d."createdAt", d.id OFFSET ${DOCUMENTS - 50}`],
    ];
    const fmt = (n: number) => n.toFixed(0).padStart(6);
    console.log("page of 50                         |  API median  p95 |  page median  p95 |  floor (SQL) median | target");
    let missed = 0;
    for (const [name, query, floorSql] of cases) {
      const api = await timed(async () => {
        const response = await fetch(`${server.url}/api/projects/${project.id}/documents?${query}`, { headers: { cookie } });
        if (!response.ok) throw new Error(`${name}: ${response.status} ${await response.text()}`);
        await response.json();
      });
      const page = await timed(async () => {
        const response = await fetch(`${server.url}/projects/${project.id}?${query}`, { headers: { cookie } });
        if (!response.ok) throw new Error(`${name} page: ${response.status}`);
        await response.text();
      });
      const [where, order] = floorSql.startsWith("AND") ? [floorSql.slice(0, floorSql.indexOf("ORDER BY")), floorSql.slice(floorSql.indexOf("ORDER BY"))] : ["", floorSql];
      const floor = await timed(() =>
        db.query(
          `SELECT d.id, d.title, d.publisher, d."publishedOn", d.length, count(*) OVER () AS total,
             (SELECT count(*) FROM "Annotation" a WHERE a."documentId" = d.id AND a."deletedAt" IS NULL) AS annotations
           FROM "Document" d WHERE d."projectId" = $1 AND d."deletedAt" IS NULL ${where} ${order.includes("OFFSET") ? order.replace(/ OFFSET/, " LIMIT 50 OFFSET") : `${order} LIMIT 50`}`,
          [project.id],
        ),
      );
      const ok = api.p95 < TARGET_MS && page.p95 < TARGET_MS;
      if (!ok) missed++;
      console.log(`${name.padEnd(34)} | ${fmt(api.median)} ${fmt(api.p95)} | ${fmt(page.median)} ${fmt(page.p95)} | ${fmt(floor.median)}             | ${ok ? "met" : "MISSED"} (<${TARGET_MS} ms)`);
    }
    console.log(`\nAll times in ms, ${RUNS} runs each after one warm-up, one request at a time. ${missed ? `${missed} case(s) missed the target.` : "Every case met the target."}`);
  } finally {
    await db.end().catch(() => undefined);
    await server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
