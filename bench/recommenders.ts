// Recommenders at scale (issue 18), through the real server (production build, fresh embedded
// PostgreSQL, HTTP with a session cookie):
//   1. a Label-Studio-compatible model server (started here, answering from memory) proposes
//      10,000 spans in a 1 MB document: "Run now" computes (anchors) and stores them — target < 2 s;
//   2. the viewer's one request for the document's proposals: its time and size (10,000 stored
//      proposals; then 10,000 of the string matcher, worked out per request from 500 tagged texts);
//   3. "accept all" of 1,000 proposals of one label — target < 1 s.
// Each next to its floor, measured in the same run with the same rows: one SQL statement that
// inserts (or reads) exactly those rows, no HTTP, no checks, no anchoring (inserts rolled back).
// Usage: npm run bench:recommenders   (not part of npm test)
import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import pg from "pg";
import { uuidv7 } from "../lib/ids";
import { median, sessionCookie, startWorkbench } from "./lib/workbench-server";

// The fake model server below listens on this machine, a private address the workbench refuses
// unless the operator allows it.
process.env.RECOMMENDER_PRIVATE_HOSTS ??= "127.0.0.1";

const PROPOSALS = 10_000;
const ACCEPT_ALL = 1_000;
const RUNS = 3;
const SERVE_RUNS = 5;

// 500 names, 10,000 mentions of them, in 1 MB: a flag emoji first, so code points and UTF-16 differ.
const NAMES = Array.from({ length: 500 }, (_, i) => `Name${i.toString(36)} Person${(i * 7).toString(36)}`);
const FILLER = "the delegation discussed cooperation and agreed to continue talks. ";
function corpusText(header: string) {
  let text = `🇰🇵 ${header}\n`;
  const mentions: { start: number; end: number; exact: string }[] = []; // code points (all ASCII after the header)
  let codePoints = [...text].length;
  for (let k = 0; k < PROPOSALS; k++) {
    const name = NAMES[k % NAMES.length];
    mentions.push({ start: codePoints, end: codePoints + name.length, exact: name });
    const sentence = `${name} said: ${FILLER}`;
    text += sentence;
    codePoints += sentence.length;
  }
  while (text.length < 1_000_000) text += FILLER;
  return { text, mentions };
}

/** Three labels get exactly 1,000 proposals each (for "accept all"); the other 7,000 are spread over the rest. */
const labelOf = (k: number, labels: string[]) => (k % 10 < 3 ? labels[k % 10] : labels[3 + ((k % 10) - 3) % (labels.length - 3)]);

async function main() {
  const a = corpusText("Model server article");
  const b = corpusText("String matcher article");
  let labelNames: string[] = [];
  let modelMs: number[] = [];
  // The model server: answers /predict with the 10,000 regions in code points (as Python servers count), from memory.
  const modelServer = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const t = performance.now();
      res.writeHead(200, { "content-type": "application/json" });
      if (req.url === "/health") return res.end(JSON.stringify({ status: "UP" }));
      const { tasks } = JSON.parse(body) as { tasks: { data: { text: string } }[] };
      const results = tasks.map(() => ({
        result: a.mentions.map((m, k) => ({ type: "labels", score: 0.9, value: { start: m.start, end: m.end, text: m.exact, labels: [labelOf(k, labelNames)] } })),
      }));
      res.end(JSON.stringify({ results }));
      modelMs.push(performance.now() - t);
    });
  });
  await new Promise<void>((resolve) => modelServer.listen(0, "127.0.0.1", resolve));
  const modelUrl = `http://127.0.0.1:${(modelServer.address() as AddressInfo).port}`;

  const server = await startWorkbench("recommenders", 4493);
  const db = new pg.Client({ connectionString: server.databaseUrl });
  try {
    await db.connect();
    const cookie = await sessionCookie(server.url, "owner@bench.rec", "recommender bench passphrase");
    const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
      const response = await fetch(`${server.url}${path}`, { method, headers: { cookie, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
      if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${(await response.text()).slice(0, 500)}\n${response.status >= 500 ? server.output().slice(-5000) : ""}`);
      return (await response.json()) as T;
    };
    const project = await call<{ id: string }>("POST", "/api/projects", { name: "Recommender bench" });
    const imported = await call<{ report: { documentId: string }[] }>("POST", `/api/projects/${project.id}/documents`, {
      documents: [{ text: a.text, title: "A" }],
    });
    const [docA] = imported.report.map((r) => r.documentId);
    const labels = (await call<{ labels: { id: string; name: string }[] }>("GET", `/api/projects/${project.id}/labels`)).labels;
    const ordered = ["Person", "Organization", "Location", ...labels.map((l) => l.name).filter((n) => !["Person", "Organization", "Location"].includes(n))];
    labelNames = ordered;
    const labelId = (name: string) => labels.find((l) => l.name === name)!.id;
    console.log(`1 MB documents: ${(Buffer.byteLength(a.text) / 1e6).toFixed(2)} MB, ${PROPOSALS.toLocaleString("en")} mentions each; ${labels.length} labels\n`);

    // 1. Computed and stored.
    const recommender = await call<{ id: string }>("POST", `/api/projects/${project.id}/recommenders`, { kind: "LABEL_STUDIO", name: "Bench server", url: modelUrl });
    const runMs: number[] = [];
    modelMs = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      const report = await call<{ ok: boolean; proposals: number; dropped: unknown[]; error?: string }>("POST", `/api/projects/${project.id}/recommenders/${recommender.id}/run`, { documentIds: [docA] });
      runMs.push(performance.now() - t);
      if (!report.ok || report.proposals !== PROPOSALS) throw new Error(`run: ${JSON.stringify(report).slice(0, 500)}`);
    }
    const storeFloor: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      await db.query("BEGIN");
      const t = performance.now();
      await db.query(
        `INSERT INTO "Proposal" (id, "projectId", "documentId", "recommenderId", "labelId", start, "end", exact, score)
         SELECT gen_random_uuid(), "projectId", "documentId", "recommenderId", "labelId", start, "end", exact, score FROM "Proposal" WHERE "recommenderId" = $1`,
        [recommender.id],
      );
      storeFloor.push(performance.now() - t);
      await db.query("ROLLBACK");
    }

    // 2. Served in one response.
    const serve = async (documentId: string, expected: number) => {
      const times: number[] = [];
      let bytes = 0;
      let gzipped = 0;
      for (let i = 0; i <= SERVE_RUNS; i++) {
        const t = performance.now();
        const response = await fetch(`${server.url}/api/documents/${documentId}/proposals`, { headers: { cookie } });
        const body = await response.text();
        if (i > 0) times.push(performance.now() - t); // the first warms up
        const count = (JSON.parse(body) as { proposals: unknown[] }).proposals.length;
        if (!response.ok || count !== expected) throw new Error(`proposals of ${documentId}: ${response.status}, ${count} instead of ${expected}`);
        bytes = Buffer.byteLength(body);
        gzipped = zlib.gzipSync(body).length;
      }
      return { ms: median(times), bytes, gzipped };
    };
    const servedStored = await serve(docA, PROPOSALS);
    const serveFloor: number[] = [];
    for (let i = 0; i < SERVE_RUNS; i++) {
      const t = performance.now();
      await db.query(`SELECT "recommenderId", "labelId", start, "end", exact, score FROM "Proposal" WHERE "documentId" = $1 ORDER BY start`, [docA]);
      serveFloor.push(performance.now() - t);
    }

    // 3. Accept all of 1,000, one label at a time.
    const acceptMs: number[] = [];
    const acceptFloor: number[] = [];
    for (const name of ordered.slice(0, 3)) {
      const t = performance.now();
      const { accepted } = await call<{ accepted: { annotationId: string }[] }>("POST", `/api/documents/${docA}/proposals/accept-all`, { labelId: labelId(name) });
      acceptMs.push(performance.now() - t);
      if (accepted.length !== ACCEPT_ALL) throw new Error(`accept all ${name}: ${accepted.length} instead of ${ACCEPT_ALL}`);
      // The floor: the same 1,000 annotations and their history entries, each inserted by one statement.
      await db.query("BEGIN");
      // Copies of accepted annotations are the same person's same tags: allowed for this rolled-back floor only.
      await db.query(`UPDATE "Project" SET "allowStackedTags" = true WHERE id = $1`, [project.id]);
      const f = performance.now();
      await db.query(
        `WITH made AS (
           INSERT INTO "Annotation" (id, "projectId", "documentId", "labelId", "authorId", start, "end", exact, prefix, suffix, attributes, note, "updatedAt")
           SELECT gen_random_uuid(), "projectId", "documentId", "labelId", "authorId", start, "end", exact, prefix, suffix, attributes, note, now()
           FROM "Annotation" WHERE id = ANY($1::uuid[]) RETURNING id, "authorId")
         INSERT INTO "AnnotationHistory" (id, "annotationId", "actorId", action, version, after) SELECT gen_random_uuid(), id, "authorId", 'CREATE', 1, '{}'::jsonb FROM made`,
        [accepted.map((x) => x.annotationId)],
      );
      acceptFloor.push(performance.now() - f);
      await db.query("ROLLBACK");
    }

    // 2b. The string matcher's 10,000, worked out per request, in a project of their own (the accepts
    // above would teach it more): each of the 500 names tagged once, in another document.
    const matcherProject = await call<{ id: string }>("POST", "/api/projects", { name: "String matcher bench" });
    const tagsText = NAMES.join(". ");
    const [docB, docTags] = (await call<{ report: { documentId: string }[] }>("POST", `/api/projects/${matcherProject.id}/documents`, {
      documents: [{ text: b.text, title: "B" }, { text: tagsText, title: "Tags" }],
    })).report.map((r) => r.documentId);
    const matcherPerson = (await call<{ labels: { id: string; name: string }[] }>("GET", `/api/projects/${matcherProject.id}/labels`)).labels.find((l) => l.name === "Person")!.id;
    for (let i = 0; i < NAMES.length; i += 25) {
      await Promise.all(NAMES.slice(i, i + 25).map((name) => {
        const start = tagsText.indexOf(name);
        return call("POST", `/api/documents/${docTags}/annotations`, { id: uuidv7(), labelId: matcherPerson, start, end: start + name.length, exact: name });
      }));
    }
    const servedMatcher = await serve(docB, PROPOSALS);

    const fmt = (n: number) => `${n.toFixed(0)} ms`;
    const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
    const verdict = (ms: number, target: number) => (ms < target ? `met (< ${target / 1000} s)` : `MISSED (target < ${target / 1000} s)`);
    console.log("what                                                      | median  | floor (one SQL statement) | target");
    console.log(`run a model server: 10,000 proposals computed and stored  | ${fmt(median(runMs)).padStart(7)} | ${fmt(median(storeFloor)).padStart(7)} (INSERT of the rows)  | ${verdict(median(runMs), 2000)}`);
    console.log(`  (of which the model server itself answering)            | ${fmt(median(modelMs)).padStart(7)} |`);
    console.log(`viewer's request: 10,000 stored proposals                 | ${fmt(servedStored.ms).padStart(7)} | ${fmt(median(serveFloor)).padStart(7)} (SELECT of the rows)  | ${kb(servedStored.bytes)} JSON, ${kb(servedStored.gzipped)} gzipped`);
    console.log(`viewer's request: 10,000 string-matcher proposals         | ${fmt(servedMatcher.ms).padStart(7)} |                           | ${kb(servedMatcher.bytes)} JSON, ${kb(servedMatcher.gzipped)} gzipped`);
    console.log(`accept all: 1,000 proposals of one label                  | ${fmt(median(acceptMs)).padStart(7)} | ${fmt(median(acceptFloor)).padStart(7)} (INSERT of the rows)  | ${verdict(median(acceptMs), 1000)}`);
    console.log(`\nRuns: model server ${runMs.map(fmt).join(", ")}; accept all ${acceptMs.map(fmt).join(", ")}. Served: median of ${SERVE_RUNS} after one warm-up. One request at a time.`);
  } finally {
    await db.end().catch(() => undefined);
    await server.stop();
    modelServer.closeAllConnections();
    modelServer.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
