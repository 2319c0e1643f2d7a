import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { labelIds, newUser, projectWithDocument, signIn, signUpViaApi, uuidv7 } from "./fixtures";

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
test.beforeAll(async () => {
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
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
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
