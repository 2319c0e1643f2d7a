// Hard faults while people work, on a workbench of this spec's own (its database is stopped and app
// servers are killed, which must not disturb the other specs):
// - the database stops and starts again: no annotation is lost and the viewer recovers by itself;
// - the app server the browser talks to crashes and comes back: live updates reconnect and catch up;
// - an app server killed in the middle of an import leaves nothing half-imported.
import crypto from "node:crypto";
import pg from "pg";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { canonicalizeText } from "../lib/anchoring/canonical-text";
import { expectHighlight, clickHighlight, inviteAndAccept, painted, newUser, selectText, signIn, signUpViaApi, uuidv7, type TestUser } from "./fixtures";
import { AppInstance, FaultWorkbench } from "./workbench-processes";

const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
const TEXT = "Summit in Vladivostok on April 25, 2019.\n\nKim Jong Un met Vladimir Putin. The talks were historic.\nThe treaty followed in June 2024.";
const cp = (needle: string) => [...TEXT.slice(0, TEXT.indexOf(needle))].length;

// Processes of this file, started once per worker for its tests (which run one after another).
// Ports E2E_PORT+2… by worker slot, so two workers running this file at once (--repeat-each) do
// not meet.
let workbench: FaultWorkbench;
let second: AppInstance;

test.describe.configure({ timeout: 120_000 });

test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(300_000);
  const port = E2E_PORT + 2 + 2 * testInfo.parallelIndex;
  workbench = new FaultWorkbench(port);
  await workbench.start();
  second = new AppInstance(port + 1, workbench.dataDir);
});

test.afterAll(async ({}, testInfo) => {
  testInfo.setTimeout(120_000);
  await second?.stop();
  await workbench?.stop();
});

/** A signed-in browser of its own for `user` on this spec's workbench. */
async function browserFor(browser: Browser, user: TestUser): Promise<Page> {
  const context = await browser.newContext({ baseURL: workbench.url });
  const page = await context.newPage();
  await signIn(page, user);
  return page;
}

/** An owner with a project and a document, and an annotator in it, each signed in in a browser of their own. */
async function team(browser: Browser, name: string) {
  const owner = newUser("owner");
  const annotator = newUser("ann");
  const ownerPage = await browserFor(browser, await signedUp(browser, owner));
  const annotatorPage = await browserFor(browser, await signedUp(browser, annotator));
  // Shared work: the specs follow one person's changes reaching another's open viewer.
  const project = await ownerPage.request.post("/api/projects", { data: { name: `${name} ${owner.name}`, annotatorsSee: "EVERYONE" } });
  expect(project.status()).toBe(201);
  const projectId = (await project.json()).id as string;
  const imported = await ownerPage.request.post(`/api/projects/${projectId}/documents`, { data: { documents: [{ text: TEXT, title: name }] } });
  expect(imported.status(), await imported.text()).toBe(201);
  const documentId = (await imported.json()).report[0].documentId as string;
  await inviteAndAccept(ownerPage.request, annotatorPage.request, projectId, annotator.email, "ANNOTATOR");
  const labels = (await (await ownerPage.request.get(`/api/projects/${projectId}/labels`)).json()).labels as { id: string; name: string }[];
  const labelId = (labelName: string) => labels.find((l) => l.name === labelName)!.id;
  /** The owner tags a span through the API (as another person in another browser would). */
  const ownerTags = async (exact: string, labelName: string, via = workbench.url) => {
    const start = cp(exact);
    const response = await ownerPage.request.post(`${via}/api/documents/${documentId}/annotations`, {
      data: { id: uuidv7(), labelId: labelId(labelName), start, end: start + [...exact].length, exact },
    });
    expect(response.status(), await response.text()).toBe(201);
  };
  const stored = async () => {
    const response = await ownerPage.request.get(`/api/documents/${documentId}/annotations`);
    expect(response.status()).toBe(200);
    return ((await response.json()).annotations as { exact: string }[]).map((a) => a.exact).sort();
  };
  return { ownerPage, annotatorPage, projectId, documentId, labelId, ownerTags, stored };
}

async function signedUp(browser: Browser, user: TestUser) {
  const context = await browser.newContext({ baseURL: workbench.url });
  await signUpViaApi(context.request, user);
  await context.close();
  return user;
}

/** Tags the selection with a label's hotkey, as an annotator at the keyboard does. */
async function tag(page: Page, text: string, hotkey: string) {
  await selectText(page, text);
  await page.keyboard.press(hotkey);
  await expectHighlight(page, text);
}

test("the database stops and restarts while an annotator works: nothing is lost and the viewer recovers by itself", async ({ browser }) => {
  const { ownerPage, annotatorPage: page, documentId, labelId, ownerTags, stored } = await team(browser, "Database restart");
  await page.goto(`/documents/${documentId}`);
  await expect(page.getByTestId("live-status")).toHaveText("Live");
  await tag(page, "Summit", "m");
  await tag(page, "Vladivostok", "l");
  await expect(page.getByTestId("save-status")).toHaveText("All changes saved");

  await workbench.stopDatabase();
  // The app server stays up and says what is wrong: 503 (try again later), never a 500.
  const health = await page.request.get("/api/health");
  expect(health.status()).toBe(503);
  expect(await health.json()).toMatchObject({ status: "degraded", database: { status: "unreachable" } });
  const refused = await page.request.post(`/api/documents/${documentId}/annotations`, {
    data: { id: uuidv7(), labelId: labelId("Person"), start: cp("Kim"), end: cp("Kim") + 3, exact: "Kim" },
  });
  expect(refused.status()).toBe(503);
  expect(refused.headers()["retry-after"]).toBe("5");
  expect((await refused.json()).code).toBe("UNAVAILABLE");
  // The viewer learns from its live stream that changes are paused.
  await expect(page.getByTestId("live-status")).toHaveText("Connecting…");

  // The annotator keeps working: two new spans, and one from before the outage deleted.
  await tag(page, "Kim Jong Un", "p");
  await tag(page, "Vladimir Putin", "p");
  await clickHighlight(page, "Summit");
  await page.getByRole("button", { name: "Delete annotation" }).click();
  await expectHighlight(page, "Summit", { present: false });
  await expect(page.getByTestId("save-status")).toHaveText("Server unavailable — 3 changes waiting");

  await workbench.startDatabase();
  // No reload, no click: the outbox sends everything once the server has its database back.
  await expect(page.getByTestId("save-status")).toHaveText("All changes saved", { timeout: 30_000 });
  await expect(page.getByTestId("live-status")).toHaveText("Live");
  expect(await stored()).toEqual(["Kim Jong Un", "Vladimir Putin", "Vladivostok"]);

  // Live updates flow again: someone else's new annotation appears without a reload.
  await ownerTags("treaty", "Agreement");
  await expectHighlight(page, "treaty", { timeout: 10_000 });
  await expect((await page.request.get("/api/health")).json()).resolves.toMatchObject({ status: "ok", database: { status: "ok" }, live: "listening" });

  // A fresh page (another browser) shows exactly what the server has.
  await ownerPage.goto(`/documents/${documentId}`);
  await expect.poll(async () => (await painted(ownerPage)).length).toBe(4);
  await expectHighlight(ownerPage, "Summit", { present: false });
  expect(workbench.running).toBe(true);
  await ownerPage.context().close();
  await page.context().close();
});

test("the app server crashes and comes back: the viewer reconnects by itself and catches up on what it missed", async ({ browser }) => {
  const { ownerPage, annotatorPage: page, documentId, ownerTags, stored } = await team(browser, "Server restart");
  await second.start();
  // The annotator's browser talks to the second instance; the owner keeps working through the first.
  await page.goto(`${second.url}/documents/${documentId}`);
  await expect(page.getByTestId("live-status")).toHaveText("Live");
  await tag(page, "Summit", "m");
  await expect(page.getByTestId("save-status")).toHaveText("All changes saved");

  await second.crash();
  await expect(page.getByTestId("live-status")).toHaveText("Connecting…");
  await ownerTags("Kim Jong Un", "Person");
  await ownerTags("Vladimir Putin", "Person");
  await tag(page, "treaty", "a");
  await expect(page.getByTestId("save-status")).toHaveText("Offline — 1 change waiting");
  await expectHighlight(page, "Kim Jong Un", { present: false });

  await second.start();
  // Without a reload: the stream reconnects from the last change it saw and sends what was missed.
  await expect(page.getByTestId("live-status")).toHaveText("Live", { timeout: 30_000 });
  await expectHighlight(page, "Kim Jong Un");
  await expectHighlight(page, "Vladimir Putin");
  await expect(page.getByTestId("save-status")).toHaveText("All changes saved", { timeout: 30_000 });
  expect(await stored()).toEqual(["Kim Jong Un", "Summit", "Vladimir Putin", "treaty"]);
  // And it is live again.
  await ownerTags("Vladivostok", "Location");
  await expectHighlight(page, "Vladivostok", { timeout: 10_000 });
  await ownerPage.context().close();
  await page.context().close();
});

test("an app server killed in the middle of a document import leaves none of it; the import then succeeds", async ({ browser }) => {
  const { ownerPage, projectId } = await team(browser, "Killed import");
  await second.start();
  const texts = ["First article of the batch.", "Second article of the batch.", "Third article of the batch."];
  const countDocuments = async () => (await (await ownerPage.request.get(`/api/projects/${projectId}/documents`)).json()).documents.length as number;
  const before = await countDocuments();

  // Our own transaction writes the third text first and keeps it open: the import's transaction,
  // having inserted the first two documents, waits on it (the project's one-copy-per-text rule).
  const locker = new pg.Client({ connectionString: workbench.runtime.databaseUrl });
  const observer = new pg.Client({ connectionString: workbench.runtime.databaseUrl });
  await locker.connect();
  await observer.connect();
  try {
    await locker.query("BEGIN");
    const third = canonicalizeText(texts[2]);
    await locker.query(`INSERT INTO "Document" (id, "projectId", title, text, "contentHash", length) VALUES ($1, $2, 'held by the test', $3, $4, $5)`, [
      uuidv7(), projectId, third, crypto.createHash("sha256").update(third, "utf8").digest("hex"), [...third].length,
    ]);
    const request = ownerPage.request
      .post(`${second.url}/api/projects/${projectId}/documents`, { data: { documents: texts.map((text, i) => ({ text, title: `Article ${i + 1}` })) } })
      .then((r) => r.status(), (error: Error) => error.message);
    const waiting = async () =>
      (await observer.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO %"Document"%'`)).rows[0]?.pid;
    await expect.poll(waiting, { timeout: 20_000 }).toBeDefined();
    const pid = (await waiting())!;

    await second.crash();
    // The client never got an answer: the import is not reported as done.
    expect(await request).not.toBe(201);
    await locker.query("ROLLBACK");
    await expect.poll(async () => (await observer.query("SELECT 1 FROM pg_stat_activity WHERE pid = $1", [pid])).rowCount, { timeout: 20_000 }).toBe(0);
  } finally {
    await locker.end();
    await observer.end();
  }
  expect(await countDocuments()).toBe(before);

  // The same import, sent again once the server is back, imports all three.
  await second.start();
  const retried = await ownerPage.request.post(`${second.url}/api/projects/${projectId}/documents`, { data: { documents: texts.map((text, i) => ({ text, title: `Article ${i + 1}` })) } });
  expect(retried.status(), await retried.text()).toBe(201);
  expect((await retried.json()).imported).toBe(3);
  expect(await countDocuments()).toBe(before + 3);
  await ownerPage.context().close();
});
