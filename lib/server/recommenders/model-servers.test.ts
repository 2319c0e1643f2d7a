// Model servers as recommenders, against real HTTP servers this test starts: one speaking the Label
// Studio ML backend protocol (GET /health, POST /predict) and one OpenAI-compatible chat endpoint.
// Offsets in the wrong unit are re-anchored by their quote, what cannot anchor is dropped and
// counted, and timeouts, errors and bad answers end up in the run's report, never as a failure.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, test } from "vitest";
import { useTestDatabase } from "@/lib/testing/test-database";
import { documentAccessOf, projectAccessOf } from "@/lib/testing/access";

let db: typeof import("@/lib/db").db;
let run: typeof import("@/lib/server/recommenders/run-recommender");
let save: typeof import("@/lib/server/recommenders/save-recommender");
let list: typeof import("@/lib/server/recommenders/list-document-proposals").listDocumentProposals;

type Handler = (req: http.IncomingMessage, body: unknown, res: http.ServerResponse) => void;
const servers: http.Server[] = [];
/** A real HTTP server on a free local port; its base URL. */
async function serve(handler: Handler): Promise<string> {
  const server = http.createServer((req, res) => {
    let text = "";
    req.on("data", (c) => (text += c));
    req.on("end", () => handler(req, text ? JSON.parse(text) : null, res));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
const reply = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(typeof body === "string" ? body : JSON.stringify(body));
};

beforeAll(async () => {
  await useTestDatabase();
  process.env.AUTH_SECRET ??= "model-servers-test-secret";
  ({ db } = await import("@/lib/db"));
  run = await import("@/lib/server/recommenders/run-recommender");
  save = await import("@/lib/server/recommenders/save-recommender");
  ({ listDocumentProposals: list } = await import("@/lib/server/recommenders/list-document-proposals"));
});
afterAll(async () => {
  for (const s of servers) s.closeAllConnections();
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

const TEXT = "🇰🇵👍🏽 Kim Jong Un met Putin in Vladivostok.";
const cp = (needle: string) => [...TEXT.slice(0, TEXT.indexOf(needle))].length;

let n = 0;
async function setup() {
  const suffix = `ms${++n}-${Date.now()}`;
  const { createProject } = await import("@/lib/server/projects/create-project");
  const { importDocuments } = await import("@/lib/server/documents/import-documents");
  const [owner, annotator] = await Promise.all(["owner", "annotator"].map((name) => db.user.create({ data: { email: `${name}-${suffix}@ms.test`, name } })));
  const project = await createProject(owner.id, { name: `Models ${suffix}`, description: "", annotatorsSee: "OWN", annotatorsSeeGold: false, viewersSee: "GOLD" });
  await db.membership.create({ data: { projectId: project.id, userId: annotator.id, role: "ANNOTATOR" } });
  const access = await projectAccessOf(owner.id, project.id);
  const imported = await importDocuments(access, [{ name: "a.txt", fileName: "a.txt", text: TEXT, meta: { title: "A" } }], { trim: false, dryRun: false });
  const documentId = imported.report[0].documentId!;
  const labels = await db.label.findMany({ where: { projectId: project.id } });
  return { access, owner, annotator, documentId, project, label: (name: string) => labels.find((l) => l.name === name)!.id };
}
const base = { enabled: true, trigger: "ON_DEMAND" as const, labelIds: [], minScore: 0 };

test("a Label Studio ML backend's proposals reach the annotator: UTF-16 offsets re-anchored, unknown labels and stray quotes dropped and counted", async () => {
  const { access, annotator, documentId, label } = await setup();
  const seen: { tasks?: { data: { text: string } }[]; label_config?: string }[] = [];
  const url = await serve((req, body, res) => {
    if (req.method === "GET" && req.url === "/health") return reply(res, 200, { status: "UP", model_class: "FakeNER" });
    if (req.method !== "POST" || req.url !== "/predict") return reply(res, 404, { error: "no" });
    const predict = body as { tasks: { data: { text: string } }[]; label_config: string };
    seen.push(predict);
    // A JavaScript server: indexOf counts UTF-16 units, which the emoji make differ from code points.
    const region = (text: string, needle: string, labelName: string, score: number) => ({
      from_name: "label", to_name: "text", type: "labels", score, value: { start: text.indexOf(needle), end: text.indexOf(needle) + needle.length, text: needle, labels: [labelName] },
    });
    reply(res, 200, {
      results: predict.tasks.map((t) => ({
        model_version: "fake-1",
        result: [
          region(t.data.text, "Kim Jong Un", "Person", 0.92),
          region(t.data.text, "Vladivostok", "Location", 0.81),
          region(t.data.text, "Putin", "Spaceship", 0.5),
          { type: "labels", value: { start: 0, end: 4, text: "Medvedev", labels: ["Person"] } },
          { type: "choices", value: { choices: ["news"] } },
        ],
      })),
    });
  });
  const recommender = await save.createRecommender(access, { ...base, kind: "LABEL_STUDIO", name: "spaCy", url });
  const report = await run.runRecommender(access, recommender.id, {});
  expect(seen[0].tasks?.[0].data.text).toBe(TEXT);
  expect(seen[0].label_config).toContain('<Label value="Person"/>');
  expect(report).toEqual({
    ok: true, documents: 1, proposals: 2,
    dropped: expect.arrayContaining([
      { reason: "label not proposed by this recommender: Spaceship", count: 1 },
      { reason: "its text is not in the document", count: 1 },
      { reason: "regions that are not labelled spans", count: 1 },
    ]),
  });
  const proposals = await list(await documentAccessOf(annotator.id, documentId));
  expect(proposals.map((p) => [p.exact, p.start, p.end, p.labelId, p.score, p.recommender])).toEqual([
    ["Kim Jong Un", cp("Kim Jong Un"), cp("Kim Jong Un") + 11, label("Person"), 0.92, "spaCy"],
    ["Vladivostok", cp("Vladivostok"), cp("Vladivostok") + 11, label("Location"), 0.81, "spaCy"],
  ]);
  // Running again replaces its proposals rather than adding to them.
  await run.runRecommender(access, recommender.id, {});
  expect(await db.proposal.count({ where: { recommenderId: recommender.id } })).toBe(2);
  const [listed] = (await save.listRecommenders(access)).filter((r) => r.id === recommender.id);
  expect(listed.lastRun).toMatchObject({ ok: true, proposals: 2 });
  expect(listed.stats).toEqual(expect.arrayContaining([
    { labelId: label("Person"), proposals: 1, accepted: 0, rejected: 0, precision: null },
    { labelId: label("Location"), proposals: 1, accepted: 0, rejected: 0, precision: null },
  ]));
});

test("a server that times out, fails, is down or answers nonsense: the run reports why and the request succeeds", async () => {
  const { access } = await setup();
  const slow = await serve((req, _body, res) => {
    if (req.url === "/health") return reply(res, 200, { status: "UP" });
    setTimeout(() => reply(res, 200, { results: [] }), 2_000);
  });
  const failing = await serve((req, _body, res) => (req.url === "/health" ? reply(res, 200, { status: "UP" }) : reply(res, 500, "Traceback: CUDA out of memory")));
  const nonsense = await serve((req, _body, res) => (req.url === "/health" ? reply(res, 200, { status: "UP" }) : reply(res, 200, "<html>hello</html>")));
  const wrongShape = await serve((req, _body, res) => (req.url === "/health" ? reply(res, 200, { status: "UP" }) : reply(res, 200, { predictions: "soon" })));
  const down = await serve((_req, _body, res) => reply(res, 503, { status: "DOWN" }));
  const limits = { ...run.RUN_LIMITS, callMs: 300 };
  const cases: [string, RegExp][] = [
    [slow, /did not answer within 0.3 s/],
    [failing, /answered 500: Traceback: CUDA out of memory/],
    [nonsense, /not JSON/],
    [wrongShape, /without a list of predictions/],
    [down, /GET .*\/health answered 503/],
    ["http://127.0.0.1:9", /could not be reached/],
  ];
  for (const [url, error] of cases) {
    const r = await save.createRecommender(access, { ...base, kind: "LABEL_STUDIO", name: `server ${url}`, url });
    const report = await run.runRecommender(access, r.id, {}, limits);
    expect(report).toMatchObject({ ok: false, documents: 0, proposals: 0 });
    expect(report.error).toMatch(error);
    const [listed] = (await save.listRecommenders(access)).filter((x) => x.id === r.id);
    expect(listed.lastRun?.error).toMatch(error);
  }
});

test("an OpenAI-compatible chat endpoint gets the key and label descriptions, its quotes are anchored, what does not anchor is counted", async () => {
  const { access, annotator, documentId } = await setup();
  const requests: { authorization?: string; body: { model: string; messages: { role: string; content: string }[] } }[] = [];
  const url = await serve((req, body, res) => {
    if (req.url !== "/v1/chat/completions") return reply(res, 404, {});
    requests.push({ authorization: req.headers.authorization, body: body as (typeof requests)[number]["body"] });
    const system = (body as { messages: { content: string }[] }).messages[0].content;
    const content = system.includes("named entities")
      ? '```json\n{"spans": [{"label": "Person", "quote": "Putin"}, {"label": "Person", "quote": "Vladimir Putin"}, {"label": "Location", "quote": "Vladivostok", "score": 0.7}]}\n```'
      : "I cannot find any.";
    reply(res, 200, { id: "chatcmpl-1", choices: [{ index: 0, message: { role: "assistant", content } }] });
  });
  const r = await save.createRecommender(access, { ...base, kind: "OPENAI", name: "LLM", url: `${url}/v1`, model: "tiny", apiKey: "sk-test-123" });
  const report = await run.runRecommender(access, r.id, {});
  expect(requests.length).toBeGreaterThan(0);
  expect(requests.every((q) => q.authorization === "Bearer sk-test-123" && q.body.model === "tiny")).toBe(true);
  expect(requests[0].body.messages[1].content).toBe(TEXT);
  expect(report).toMatchObject({ ok: true, documents: 1, proposals: 2 });
  expect(report.dropped).toEqual(expect.arrayContaining([{ reason: "quotes not found in the text", count: 1 }, { reason: "answers that were not the JSON asked for", count: 2 }]));
  const proposals = await list(await documentAccessOf(annotator.id, documentId));
  expect(proposals.map((p) => [p.exact, p.start, p.score])).toEqual([["Putin", cp("Putin"), 1], ["Vladivostok", cp("Vladivostok"), 0.7]]);
  // The key never leaves the server in what the settings page reads.
  expect(JSON.stringify(await save.listRecommenders(access))).not.toContain("sk-test-123");
});

test("a model server set to run on import proposes in newly imported documents without holding the import up", async () => {
  const { access, annotator } = await setup();
  const url = await serve((req, body, res) => {
    if (req.url === "/health") return reply(res, 200, { status: "UP" });
    const { tasks } = body as { tasks: { data: { text: string } }[] };
    reply(res, 200, tasks.map((t) => ({ result: [{ type: "labels", value: { start: t.data.text.indexOf("Moscow"), end: t.data.text.indexOf("Moscow") + 6, text: "Moscow", labels: ["Location"] } }] })));
  });
  await save.createRecommender(access, { ...base, kind: "LABEL_STUDIO", name: "On import", url, trigger: "ON_IMPORT" });
  const { importDocuments } = await import("@/lib/server/documents/import-documents");
  const imported = await importDocuments(access, [{ name: "m.txt", fileName: "m.txt", text: "🇷🇺 They met in Moscow.", meta: { title: "M" } }], { trim: false, dryRun: false });
  const documentId = imported.report[0].documentId!;
  expect(await list(await documentAccessOf(annotator.id, documentId))).toEqual([]);
  // The import queued the run as a job: the job runner (its worker thread) runs it.
  const queue = await import("@/lib/server/jobs/queue");
  const runner = await (await import("@/lib/server/jobs/runner")).startJobRunner(process.env.DATABASE_URL!, { pollingIntervalSeconds: 0.5, runFigures: async () => undefined });
  try {
    // Older servers answer with the bare list of predictions; that is understood too.
    await expect.poll(async () => (await list(await documentAccessOf(annotator.id, documentId))).map((p) => [p.exact, p.start]), { timeout: 30_000 }).toEqual([["Moscow", 15]]);
  } finally {
    await runner.stop({ graceful: false, close: true });
    await (await import("@/lib/server/jobs/run-in-worker")).closeWorkers();
    await (await queue.senderQueue()).stop({ graceful: false, close: true });
  }
}, 60_000);

test("English named entities run in-process: people, places and organisations become the mapped labels, in code points", async () => {
  const { access, annotator, documentId, label } = await setup();
  const { createLabel } = await import("@/lib/server/labels/save-label");
  const leader = await createLabel(access, { name: "Leader", kind: "ENTITY", color: "#fda4af", hotkey: null, description: "" });
  const ner = await save.createRecommender(access, { ...base, kind: "ENGLISH_NER", name: "English NER" });
  const report = await run.runRecommender(access, ner.id, {});
  expect(report).toMatchObject({ ok: true, documents: 1 });
  const names = async () => (await list(await documentAccessOf(annotator.id, documentId))).map((p) => [p.exact, p.start, p.labelId]);
  expect(await names()).toEqual(expect.arrayContaining([["Vladivostok", cp("Vladivostok"), label("Location")]]));
  expect(await names()).toContainEqual(["Putin", cp("Putin"), label("Person")]);
  // The curator maps people to another label; the next run proposes them with it.
  await save.updateRecommender(access, ner.id, { mapping: { people: leader.id } });
  await run.runRecommender(access, ner.id, {});
  expect(await names()).toContainEqual(["Putin", cp("Putin"), leader.id]);
  await expect(save.updateRecommender(access, ner.id, { url: "http://127.0.0.1:9/" })).rejects.toMatchObject({ status: 400 });
  await expect(save.createRecommender(access, { ...base, kind: "LABEL_STUDIO", name: "No url" })).rejects.toMatchObject({ status: 400 });
});

test("a run of 10,000 proposals in a 1 MB document is stored whole, and running it again replaces them — no failed request", async () => {
  const { createProject } = await import("@/lib/server/projects/create-project");
  const { importDocuments } = await import("@/lib/server/documents/import-documents");
  const owner = await db.user.create({ data: { email: `big-${Date.now()}@ms.test`, name: "owner" } });
  const project = await createProject(owner.id, { name: `Big ${Date.now()}`, description: "", annotatorsSee: "OWN", annotatorsSeeGold: false, viewersSee: "GOLD" });
  const access = await projectAccessOf(owner.id, project.id);
  const sentence = "Kim Jong Un met the delegation and the talks went on for a long while in the hall of the city. ";
  const text = `🇰🇵 ${sentence.repeat(Math.ceil(1_000_000 / sentence.length))}`;
  await importDocuments(access, [{ name: "big.txt", fileName: "big.txt", text, meta: { title: "Big" } }], { trim: false, dryRun: false });
  const url = await serve((req, body, res) => {
    if (req.url === "/health") return reply(res, 200, { status: "UP" });
    const { tasks } = body as { tasks: { data: { text: string } }[] };
    // Code points, as a Python server counts: the flag and space are 3 of them (5 UTF-16 units).
    const result = Array.from({ length: 10_000 }, (_, k) => ({ type: "labels", score: 0.9, value: { start: 3 + k * sentence.length, end: 3 + k * sentence.length + 11, text: "Kim Jong Un", labels: ["Person"] } }));
    reply(res, 200, { results: tasks.map(() => ({ result })) });
  });
  const recommender = await save.createRecommender(access, { ...base, kind: "LABEL_STUDIO", name: "Big", url });
  for (let i = 0; i < 2; i++) {
    expect(await run.runRecommender(access, recommender.id, {})).toEqual({ ok: true, documents: 1, proposals: 10_000, dropped: [] });
    expect(await db.proposal.count({ where: { recommenderId: recommender.id } })).toBe(10_000);
  }
  const [stored] = await db.proposal.findMany({ where: { recommenderId: recommender.id }, orderBy: { start: "asc" }, take: 1 });
  expect(stored).toMatchObject({ start: 3, end: 14, exact: "Kim Jong Un", score: 0.9 });
}, 60_000);

test("an answer repeating one quote a hundred thousand times is one proposal per place, and proposals stop at the per-document cap as they are made", async () => {
  const { access } = await setup();
  // "n" occurs 5 times in the text; before, each repetition became every occurrence again (500,000 objects here).
  const spansJson = JSON.stringify({ spans: [...Array.from({ length: 100_000 }, () => ({ label: "Person", quote: "n" })), { label: "Location", quote: "Vladivostok" }] });
  const url = await serve((req, _body, res) => (req.url === "/v1/chat/completions" ? reply(res, 200, { choices: [{ message: { content: spansJson } }] }) : reply(res, 404, {})));
  const r = await save.createRecommender(access, { ...base, kind: "OPENAI", name: "Repeater", url: `${url}/v1` });
  const occurrences = TEXT.split("n").length - 1;
  const limits = { ...run.RUN_LIMITS, proposalsPerDocument: occurrences };
  const report = await run.runRecommender(access, r.id, {}, limits);
  expect(report).toMatchObject({ ok: true, documents: 1, proposals: occurrences });
  // What was not made is counted per kept quote, not per repetition: Vladivostok, once per label kind asked.
  const overCap = report.dropped.find((d) => d.reason === `proposals past the cap of ${occurrences} per document`);
  expect(overCap?.count).toBeLessThanOrEqual(3);
});

test("an answer that does not end is cut at 20 MB as it arrives, not read whole until the time limit", async () => {
  const { access } = await setup();
  const url = await serve((req, _body, res) => {
    if (req.url === "/health") return reply(res, 200, { status: "UP" });
    res.writeHead(200, { "content-type": "application/json" }); // chunked: no length declared
    const chunk = Buffer.alloc(256 * 1024, 0x20);
    const write = () => {
      while (!res.destroyed && res.write(chunk));
      if (!res.destroyed) res.once("drain", write);
    };
    write();
  });
  const r = await save.createRecommender(access, { ...base, kind: "LABEL_STUDIO", name: "Endless", url });
  const started = Date.now();
  const report = await run.runRecommender(access, r.id, {}, { ...run.RUN_LIMITS, callMs: 15_000 });
  expect(report).toMatchObject({ ok: false, proposals: 0 });
  expect(report.error).toMatch(/answered with more than 20 MB/);
  expect(Date.now() - started).toBeLessThan(10_000);
});

test("pointing a keyed model server at another address without a new key forgets the key: it is never sent there", async () => {
  const { access } = await setup();
  const seen: (string | undefined)[] = [];
  const chat = (req: http.IncomingMessage, _body: unknown, res: http.ServerResponse) => {
    seen.push(req.headers.authorization);
    reply(res, 200, { choices: [{ message: { content: '{"spans": []}' } }] });
  };
  const [owners, elsewhere] = [await serve(chat), await serve(chat)];
  const r = await save.createRecommender(access, { ...base, kind: "OPENAI", name: "Keyed", url: `${owners}/v1`, apiKey: "sk-owner-secret" });
  const moved = await save.updateRecommender(access, r.id, { url: `${elsewhere}/v1` });
  expect(moved.hasApiKey).toBe(false);
  await run.runRecommender(access, r.id, {});
  expect(seen.length).toBeGreaterThan(0);
  expect(seen.every((h) => h === undefined)).toBe(true);
  // Saving other settings, or the same address again, keeps the key; a new address with a new key takes it.
  await save.updateRecommender(access, r.id, { apiKey: "sk-new" });
  expect((await save.updateRecommender(access, r.id, { url: `${elsewhere}/v1`, minScore: 0.2 })).hasApiKey).toBe(true);
  expect((await save.updateRecommender(access, r.id, { url: `${owners}/v1`, apiKey: "sk-again" })).hasApiKey).toBe(true);
});
