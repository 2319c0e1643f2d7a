import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { labelIds, newUser, projectWithDocument, selectText, signIn, signUpViaApi, uuidv7 } from "./fixtures";

// Recommenders (issue 18) as a new user meets them: tag "Kim Jong Un" once and its other mentions
// are proposed in another article; a Label-Studio-compatible model server (a real HTTP server this
// test starts) is added and run from the settings page; proposals are accepted by key and rejected
// by click in the viewer, and the settings page shows the precision.

const FIRST = "Kim Jong Un met Vladimir Putin in Vladivostok.";
const SECOND = "🇰🇵 Later, Kim Jong Un spoke. KIM JONG-UN was in Vladivostok.";
const span = (text: string, needle: string) => {
  const start = [...text.slice(0, text.indexOf(needle))].length;
  return { start, end: start + [...needle].length, exact: needle };
};

let server: http.Server;
let serverUrl = "";
let chat: http.Server;
let chatUrl = "";
test.beforeAll(async () => {
  // An OpenAI-compatible chat endpoint that, asked for named entities, quotes "Pyongyang" as a Location
  // (and one quote that is not in the text, which is dropped).
  chat = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json" });
      const { messages } = JSON.parse(body) as { messages: { role: string; content: string }[] };
      const entities = messages[0].content.includes("named entities");
      const spans = entities && messages[1].content.includes("Pyongyang") ? [{ label: "Location", quote: "Pyongyang", score: 0.9 }, { label: "Location", quote: "Atlantis" }] : [];
      res.end(JSON.stringify({ choices: [{ message: { role: "assistant", content: "```json\n" + JSON.stringify({ spans }) + "\n```" } }] }));
    });
  });
  await new Promise<void>((resolve) => chat.listen(0, "127.0.0.1", resolve));
  chatUrl = `http://127.0.0.1:${(chat.address() as AddressInfo).port}/v1`;

  // A Label Studio ML backend that finds "Vladivostok" — in UTF-16 units, as a JavaScript server counts.
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json" });
      if (req.url === "/health") return res.end(JSON.stringify({ status: "UP" }));
      const { tasks } = JSON.parse(body) as { tasks: { data: { text: string } }[] };
      const result = (text: string) => {
        const at = text.indexOf("Vladivostok");
        return at < 0 ? [] : [{ type: "labels", score: 0.8, value: { start: at, end: at + 11, text: "Vladivostok", labels: ["Location"] } }];
      };
      res.end(JSON.stringify({ results: tasks.map((t) => ({ result: result(t.data.text) })) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
test.afterAll(async () => {
  for (const s of [server, chat]) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

test("tag once and see the other mentions proposed; a model server's proposals; accept by key, reject by click; precision on the settings page and the dashboard", async ({ page, request }) => {
  const owner = newUser("rec");
  await signUpViaApi(request, owner);
  await signIn(page, owner);
  const { projectId, documentId: firstId } = await projectWithDocument(page, `Recommenders ${owner.name}`, FIRST);
  const imported = await page.request.post(`/api/projects/${projectId}/documents`, { data: { documents: [{ text: SECOND, title: "Later" }] } });
  const secondId = (await imported.json()).report[0].documentId as string;
  const label = await labelIds(page, projectId);
  const tagged = await page.request.post(`/api/documents/${firstId}/annotations`, { data: { id: uuidv7(), labelId: label("Person"), ...span(FIRST, "Kim Jong Un") } });
  expect(tagged.status()).toBe(201);

  // Settings: the string matcher is there already; add the model server and one that is down.
  await page.goto(`/projects/${projectId}/settings`);
  await expect(page.getByRole("region", { name: "String matcher" })).toBeVisible();
  const add = page.getByRole("form", { name: "Add a recommender" });
  for (const [name, url] of [["Fake spaCy", serverUrl], ["Broken server", "http://127.0.0.1:1/"]]) {
    await add.getByLabel("Name", { exact: true }).fill(name);
    await add.getByLabel("Server address").fill(url);
    await add.getByRole("button", { name: "Add" }).click();
    await expect(page.getByRole("region", { name })).toBeVisible();
  }
  const spacy = page.getByRole("region", { name: "Fake spaCy" });
  await spacy.getByRole("button", { name: "Run now" }).click();
  await expect(spacy.getByLabel("Last run of Fake spaCy")).toContainText("2 proposals in 2 documents");
  const broken = page.getByRole("region", { name: "Broken server" });
  await broken.getByRole("button", { name: "Run now" }).click();
  await expect(broken.getByRole("alert")).toContainText("could not be reached");

  // The viewer: proposals of both recommenders, nobody's annotation yet.
  await page.goto(`/documents/${secondId}`);
  await expect(page.getByRole("heading", { name: "Proposed by recommenders (3)" })).toBeVisible();
  const kim = page.getByRole("listitem", { name: "Proposal: “Kim Jong Un” as Person, 100% by String matcher" });
  const shouted = page.getByRole("listitem", { name: "Proposal: “KIM JONG-UN” as Person, 100% by String matcher" });
  await expect(page.getByRole("listitem", { name: "Proposal: “Vladivostok” as Location, 80% by Fake spaCy" })).toBeVisible();
  expect((await (await page.request.get(`/api/documents/${secondId}/annotations`)).json()).annotations).toEqual([]);

  await kim.focus();
  await page.keyboard.press("a");
  await expect(page.getByRole("heading", { name: "Proposed by recommenders (2)" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Annotation list" })).toContainText("Kim Jong Un");
  await shouted.getByRole("button", { name: "Reject" }).click();
  await expect(page.getByRole("heading", { name: "Proposed by recommenders (1)" })).toBeVisible();
  // Undo brings it back; rejecting it again is remembered.
  await page.getByRole("status").filter({ hasText: "Rejected “KIM JONG-UN”." }).getByRole("button", { name: "Undo" }).click();
  await expect(page.getByRole("heading", { name: "Proposed by recommenders (2)" })).toBeVisible();
  await shouted.focus();
  await page.keyboard.press("x");
  await expect(page.getByRole("heading", { name: "Proposed by recommenders (1)" })).toBeVisible();
  const annotations = (await (await page.request.get(`/api/documents/${secondId}/annotations`)).json()).annotations as { exact: string; start: number }[];
  expect(annotations.map((a) => [a.exact, a.start])).toEqual([["Kim Jong Un", span(SECOND, "Kim Jong Un").start]]);

  // The settings page counts the decisions: one accepted, one rejected.
  await page.goto(`/projects/${projectId}/settings`);
  const results = page.getByRole("table", { name: "Results of String matcher" });
  await expect(results.getByRole("row", { name: /Person/ }).getByRole("cell")).toHaveText(["Person", "—", "1", "1", "50%"]);

  // The dashboard shows the same figures for every recommender in one table.
  await page.goto(`/projects/${projectId}/dashboard`);
  const dashboard = page.getByRole("table", { name: "Recommender results" });
  await expect(dashboard.getByRole("row", { name: /String matcher/ }).getByRole("cell")).toHaveText(["Person", "—", "1", "1", "50%"]);
  await expect(dashboard.getByRole("row", { name: /Fake spaCy/ }).getByRole("cell")).toHaveText(["Location", "2", "0", "0", "—"]);
});

// The five articles of the sample corpus, as the demo project has them.
const CORPUS = path.resolve(import.meta.dirname, "..", "prisma", "seed", "corpus");
const ARTICLES = fs.readdirSync(CORPUS).filter((f) => f.endsWith(".txt")).sort().map((f) => ({ title: f, text: fs.readFileSync(path.join(CORPUS, f), "utf8") }));

type Proposed = { labelId: string; exact: string; recommender: string };
const proposalsOf = async (page: Page, documentId: string) => (await (await page.request.get(`/api/documents/${documentId}/proposals`)).json()).proposals as Proposed[];
const annotationsOf = async (page: Page, documentId: string) =>
  (await (await page.request.get(`/api/documents/${documentId}/annotations`)).json()).annotations as { exact: string; labelId: string; canonicalId: string | null }[];

test("the issue's walk-through on the sample corpus: tag Kim Jong Un once, his mentions proposed across the five articles; accept, reject, accept all with undo and redo, the precision follows; a Label Studio server's and an OpenAI-compatible endpoint's proposals in the viewer", async ({ page, request }) => {
  test.setTimeout(180_000);
  const owner = newUser("walk");
  await signUpViaApi(request, owner);
  await signIn(page, owner);
  const project = await page.request.post("/api/projects", { data: { name: `Walk-through ${owner.name}` } });
  const projectId = (await project.json()).id as string;
  const imported = await page.request.post(`/api/projects/${projectId}/documents`, { data: { documents: ARTICLES } });
  expect(imported.status(), await imported.text()).toBe(201);
  const ids = ((await imported.json()).report as { documentId: string }[]).map((r) => r.documentId);
  expect(ids).toHaveLength(5);
  const label = await labelIds(page, projectId);

  // Tag "Kim Jong Un" as Person once, in the viewer of the first article.
  await page.goto(`/documents/${ids[0]}`);
  await selectText(page, "Kim Jong Un");
  await page.getByRole("toolbar", { name: "Tag the selection" }).getByRole("button", { name: /^Person/ }).click();
  await expect(page.getByTestId("save-status")).toHaveText("All changes saved");
  // His other mentions are proposed in every one of the five articles, as Person, by the string matcher.
  const proposed = await Promise.all(ids.map((id) => proposalsOf(page, id)));
  for (const list of proposed) {
    expect(list.length).toBeGreaterThan(0);
    for (const p of list) expect([p.exact, p.labelId, p.recommender]).toEqual([expect.stringMatching(/^kim jong.un$/i), label("Person"), "String matcher"]);
  }
  await expect(page.getByRole("heading", { name: `Proposed by recommenders (${proposed[0].length})` })).toBeVisible();

  // The second article: accept one by key, reject two by click.
  await page.goto(`/documents/${ids[1]}`);
  const n = proposed[1].length;
  expect(n).toBeGreaterThanOrEqual(4);
  const heading = (count: number) => page.getByRole("heading", { name: `Proposed by recommenders (${count})` });
  await expect(heading(n)).toBeVisible();
  const rows = page.getByRole("list", { name: "Proposals" }).getByRole("listitem");
  await rows.first().focus();
  await page.keyboard.press("a");
  await expect(heading(n - 1)).toBeVisible();
  await rows.first().getByRole("button", { name: "Reject" }).click();
  await expect(heading(n - 2)).toBeVisible();
  await rows.first().getByRole("button", { name: "Reject" }).click();
  await expect(heading(n - 3)).toBeVisible();
  expect((await annotationsOf(page, ids[1])).map((a) => a.exact)).toEqual([expect.stringMatching(/^kim jong.un$/i)]);

  // The precision: one accepted, two rejected.
  await page.goto(`/projects/${projectId}/settings`);
  const results = page.getByRole("table", { name: "Results of String matcher" });
  await expect(results.getByRole("row", { name: /Person/ }).getByRole("cell")).toHaveText(["Person", "—", "1", "2", "33%"]);

  // The third article: accept all of them; one Ctrl+Z takes the whole batch back, Ctrl+Shift+Z makes it again.
  await page.goto(`/documents/${ids[2]}`);
  const m = (await proposalsOf(page, ids[2])).length;
  expect(m).toBeGreaterThan(1);
  await expect(heading(m)).toBeVisible();
  await page.getByRole("button", { name: `Accept all ${m} Person` }).click();
  await expect(page.getByRole("status").filter({ hasText: `Accepted ${m} as Person.` })).toBeVisible();
  await expect(heading(0)).toBeVisible();
  expect(await annotationsOf(page, ids[2])).toHaveLength(m);
  await page.locator("body").press("Control+z");
  await expect(heading(m)).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: `Undone: Accepted ${m} as Person.` })).toBeVisible();
  await expect.poll(async () => (await annotationsOf(page, ids[2])).length).toBe(0);
  await page.locator("body").press("Control+Shift+z");
  await expect(heading(0)).toBeVisible();
  await expect.poll(async () => (await annotationsOf(page, ids[2])).length).toBe(m);
  await expect(page.getByRole("list", { name: "Annotation list" })).toContainText("Kim Jong Un");

  // The precision follows: 1 + m accepted, 2 rejected — on the settings page and the dashboard.
  const percent = `${Math.round(((1 + m) / (3 + m)) * 100)}%`;
  await page.goto(`/projects/${projectId}/settings`);
  await expect(results.getByRole("row", { name: /Person/ }).getByRole("cell")).toHaveText(["Person", "—", String(1 + m), "2", percent]);
  await page.goto(`/projects/${projectId}/dashboard`);
  await expect(page.getByRole("table", { name: "Recommender results" }).getByRole("row", { name: /String matcher/ }).getByRole("cell")).toHaveText(["Person", "—", String(1 + m), "2", percent]);

  // Connect a Label-Studio-compatible model server and an OpenAI-compatible endpoint (the test servers), run them.
  await page.goto(`/projects/${projectId}/settings`);
  const add = page.getByRole("form", { name: "Add a recommender" });
  await add.getByLabel("Kind").selectOption("LABEL_STUDIO");
  await add.getByLabel("Name", { exact: true }).fill("Fake spaCy");
  await add.getByLabel("Server address").fill(serverUrl);
  await add.getByRole("button", { name: "Add" }).click();
  await expect(page.getByRole("region", { name: "Fake spaCy" })).toBeVisible();
  await add.getByLabel("Kind").selectOption("OPENAI");
  await add.getByLabel("Name", { exact: true }).fill("Fake GPT");
  await add.getByLabel("Server address").fill(chatUrl);
  await add.getByLabel("Model").fill("test-model");
  await add.getByLabel("API key").fill("sk-test");
  await add.getByRole("button", { name: "Add" }).click();
  await expect(page.getByRole("region", { name: "Fake GPT" })).toBeVisible();
  const vladivostok = ARTICLES.filter((a) => a.text.includes("Vladivostok")).length;
  const spacy = page.getByRole("region", { name: "Fake spaCy" });
  await spacy.getByRole("button", { name: "Run now" }).click();
  await expect(spacy.getByLabel("Last run of Fake spaCy")).toContainText(`${vladivostok} proposals in 5 documents`);
  const gpt = page.getByRole("region", { name: "Fake GPT" });
  await gpt.getByRole("button", { name: "Run now" }).click();
  await expect(gpt.getByLabel("Last run of Fake GPT")).toContainText("in 5 documents");

  // Their proposals reach the viewer beside the string matcher's.
  await page.goto(`/documents/${ids[1]}`);
  await expect(page.getByRole("listitem", { name: "Proposal: “Vladivostok” as Location, 80% by Fake spaCy" }).first()).toBeVisible();
  await expect(page.getByRole("listitem", { name: "Proposal: “Pyongyang” as Location, 90% by Fake GPT" }).first()).toBeVisible();
  const kinds = new Set((await proposalsOf(page, ids[1])).map((p) => p.recommender));
  expect([...kinds].sort()).toEqual(["Fake GPT", "Fake spaCy", "String matcher"]);
});

test("knowledge-base suggestions in the viewer with undo: A accepts and Ctrl+Z takes it back, redo makes it again; a reject is undone; accept all takes the knowledge base's suggestions with the others, one Ctrl+Z undoes the batch", async ({ page, request }) => {
  const owner = newUser("kbundo");
  await signUpViaApi(request, owner);
  await signIn(page, owner);
  const text = "Kim Jong Un met Putin. Later Kim Jong Un spoke with Vladimir Putin; Kim Jong Un again.";
  const { projectId, documentId } = await projectWithDocument(page, `KB undo ${owner.name}`, text);
  const label = await labelIds(page, projectId);
  const item = await page.request.post(`/api/projects/${projectId}/knowledge`, { data: { kind: "ENTITY", name: "Kim Jong Un" } });
  expect(item.status(), await item.text()).toBe(201);
  const kimId = (await item.json()).id as string;
  expect((await page.request.post(`/api/projects/${projectId}/knowledge/suggest`, { data: {} })).status()).toBe(200);
  // "Putin" tagged once: the string matcher proposes the other one.
  expect((await page.request.post(`/api/documents/${documentId}/annotations`, { data: { id: uuidv7(), labelId: label("Person"), ...span(text, "Putin") } })).status()).toBe(201);

  await page.goto(`/documents/${documentId}`);
  const heading = (count: number) => page.getByRole("heading", { name: `Proposed by recommenders (${count})` });
  await expect(heading(4)).toBeVisible();
  const suggestions = page.getByRole("listitem", { name: "Proposal: “Kim Jong Un” is Kim Jong Un (Person), by the knowledge base" });
  await expect(suggestions).toHaveCount(3);
  const mine = async () => (await annotationsOf(page, documentId)).map((a) => [a.exact, a.canonicalId]).sort();

  // Accept by key; Ctrl+Z removes the annotation it made and brings the suggestion back; redo accepts it again.
  await suggestions.first().focus();
  await page.keyboard.press("a");
  await expect(heading(3)).toBeVisible();
  await expect.poll(mine).toEqual([["Kim Jong Un", kimId], ["Putin", null]]);
  await page.keyboard.press("Control+z");
  await expect(heading(4)).toBeVisible();
  await expect.poll(mine).toEqual([["Putin", null]]);
  await page.keyboard.press("Control+Shift+z");
  await expect(heading(3)).toBeVisible();
  await expect.poll(mine).toEqual([["Kim Jong Un", kimId], ["Putin", null]]);
  await page.keyboard.press("Control+z");
  await expect(heading(4)).toBeVisible();

  // A reject is taken back too: the suggestion is offered again.
  await suggestions.nth(1).getByRole("button", { name: "Reject" }).click();
  await expect(heading(3)).toBeVisible();
  await page.locator("body").press("Control+z");
  await expect(heading(4)).toBeVisible();
  expect((await (await page.request.get(`/api/documents/${documentId}/suggestions`)).json()).suggestions).toHaveLength(3);

  // Accept all of Person: the three suggestions (linked to the item) and the string matcher's proposal.
  await page.getByRole("button", { name: "Accept all 4 Person" }).click();
  await expect(heading(0)).toBeVisible();
  await expect.poll(mine).toEqual([["Kim Jong Un", kimId], ["Kim Jong Un", kimId], ["Kim Jong Un", kimId], ["Putin", null], ["Putin", null]]);
  await page.locator("body").press("Control+z");
  await expect(heading(4)).toBeVisible();
  await expect.poll(mine).toEqual([["Putin", null]]);
  await page.locator("body").press("Control+y");
  await expect(heading(0)).toBeVisible();
  await expect.poll(mine).toHaveLength(5);
});
