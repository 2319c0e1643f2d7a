import { expect, test, type Browser } from "@playwright/test";
import { expectHighlight, clickHighlight, inviteAndAccept, painted, newUser, projectWithDocument, SECOND_INSTANCE, selectText, signIn, signUpViaApi, uuidv7 } from "./fixtures";

const TEXT = "Summit 🤝 in Vladivostok on April 25, 2019.\n\nKim Jong Un met Vladimir Putin. 金正恩 said the talks were historic.\nThe treaty followed in June 2024.";
const cp = (needle: string) => [...TEXT.slice(0, TEXT.indexOf(needle))].length;

/** An owner with a project and document, and a second annotator in it, each in their own browser; annotators see each other's work. */
async function twoAnnotators(browser: Browser, name: string) {
  const a = newUser("a");
  const b = newUser("b");
  const contextA = await browser.newContext();
  const contextB = await browser.newContext();
  const pageA = await contextA.newPage();
  const pageB = await contextB.newPage();
  await signUpViaApi(pageA.request, a);
  await signUpViaApi(pageA.request, b);
  await signIn(pageA, a);
  await signIn(pageB, b);
  const ids = await projectWithDocument(pageA, `${name} ${a.name}`, TEXT, { annotatorsSee: "EVERYONE" });
  await inviteAndAccept(pageA.request, pageB.request, ids.projectId, b.email, "ANNOTATOR");
  return { pageA, pageB, ...ids, close: async () => (await contextA.close(), await contextB.close()) };
}

test("two annotators see each other's highlights appear live, also through a second app instance", async ({ browser }) => {
  const { pageA, pageB, documentId, close } = await twoAnnotators(browser, "Live");
  await pageA.goto(`/documents/${documentId}`);
  await pageB.goto(`${SECOND_INSTANCE}/documents/${documentId}`);
  await expect(pageA.getByTestId("live-status")).toHaveText("Live");
  await expect(pageB.getByTestId("live-status")).toHaveText("Live");
  await expect(pageA.getByTestId("presence")).toContainText("b ");

  await selectText(pageA, "Vladivostok");
  await pageA.keyboard.press("l");
  await expect(pageA.getByTestId("save-status")).toHaveText("All changes saved");
  const started = Date.now();
  await expectHighlight(pageB, "Vladivostok", { timeout: 3000 });
  expect(Date.now() - started).toBeLessThan(2000);

  await selectText(pageB, "Vladimir Putin");
  await pageB.keyboard.press("p");
  await expectHighlight(pageA, "Vladimir Putin", { timeout: 3000 });

  // A deletion travels too.
  await clickHighlight(pageB, "Vladimir Putin");
  await pageB.getByRole("button", { name: "Delete annotation" }).click();
  await expectHighlight(pageA, "Vladimir Putin", { present: false, timeout: 3000 });

  // Someone else's annotation cannot be changed through the API.
  const { annotations } = await (await pageB.request.get(`/api/documents/${documentId}/annotations`)).json();
  const aOwn = annotations.find((x: { exact: string }) => x.exact === "Vladivostok");
  const attempt = await pageB.request.patch(`/api/annotations/${aOwn.id}`, { data: { version: aOwn.version, note: "mine now" } });
  expect(attempt.status()).toBe(403);
  const del = await pageB.request.delete(`/api/annotations/${aOwn.id}?version=${aOwn.version}`);
  expect(del.status()).toBe(403);
  await close();
});

test("a client whose live connection was down reconnects and catches up on what it missed", async ({ browser }) => {
  const { pageA, pageB, documentId, close } = await twoAnnotators(browser, "Catch-up");
  await pageB.route("**/events**", (route) => route.abort("connectionreset"));
  await pageB.goto(`/documents/${documentId}`);
  await expect(pageB.getByTestId("live-status")).toHaveText("Connecting…");
  await pageA.goto(`/documents/${documentId}`);
  await selectText(pageA, "treaty");
  await pageA.keyboard.press("a");
  await expect(pageA.getByTestId("save-status")).toHaveText("All changes saved");
  await expectHighlight(pageB, "treaty", { present: false });
  await pageB.unroute("**/events**");
  await expect(pageB.getByTestId("live-status")).toHaveText("Live", { timeout: 10_000 });
  await expectHighlight(pageB, "treaty");
  await close();
});

test("offline work survives a reload and is saved exactly once when the server is back", async ({ browser }) => {
  const { pageA, documentId, close } = await twoAnnotators(browser, "Offline");
  await pageA.goto(`/documents/${documentId}`);
  await expect(pageA.getByTestId("live-status")).toHaveText("Live");

  await pageA.context().setOffline(true);
  await selectText(pageA, "Summit");
  await pageA.keyboard.press("m");
  await selectText(pageA, "Vladivostok");
  await pageA.keyboard.press("l");
  await expect(pageA.getByTestId("save-status")).toHaveText("Offline — 2 changes waiting");

  // Back on the network but the server unreachable: three more, then a reload.
  await pageA.route("**/api/documents/*/annotations", (route) => (route.request().method() === "POST" ? route.abort("connectionrefused") : route.continue()));
  await pageA.context().setOffline(false);
  for (const [text, key] of [["Kim Jong Un", "p"], ["金正恩", "p"], ["treaty", "a"]] as const) {
    await selectText(pageA, text);
    await pageA.keyboard.press(key);
  }
  await expect(pageA.getByTestId("save-status")).toContainText("5");
  await pageA.reload();
  await expect(pageA.getByTestId("save-status")).toContainText("5");
  await expectHighlight(pageA, "金正恩");

  await pageA.unroute("**/api/documents/*/annotations");
  await expect(pageA.getByTestId("save-status")).toHaveText("All changes saved", { timeout: 40_000 });
  const { annotations } = await (await pageA.request.get(`/api/documents/${documentId}/annotations`)).json();
  expect(annotations.map((a: { exact: string }) => a.exact).sort()).toEqual(["Kim Jong Un", "Summit", "Vladivostok", "treaty", "金正恩"].sort());
  await pageA.reload();
  await expect.poll(async () => (await painted(pageA)).length).toBe(5);
  await close();
});

test("a stale update shows the conflict instead of overwriting; overlapping spans all render", async ({ browser }) => {
  const { pageA, documentId, close } = await twoAnnotators(browser, "Conflict");
  // Two overlapping annotations and one nested in them, created through the API.
  const labels = (await (await pageA.request.get(`/api/documents/${documentId}`)).json()).projectId;
  const scheme = (await (await pageA.request.get(`/api/projects/${labels}/labels`)).json()).labels as { id: string; name: string }[];
  const label = (name: string) => scheme.find((l) => l.name === name)!.id;
  const make = async (exact: string, labelName: string) => {
    const start = cp(exact);
    const r = await pageA.request.post(`/api/documents/${documentId}/annotations`, { data: { id: uuidv7(), labelId: label(labelName), start, end: start + [...exact].length, exact } });
    expect(r.status(), await r.text()).toBe(201);
    return r.json();
  };
  const meeting = await make("Kim Jong Un met Vladimir Putin", "Meeting/Visit");
  const claim = await make("Vladimir Putin. 金正恩 said", "Claim");
  await make("Putin", "Person");

  // The live stream is cut, so the page does not learn of the next change by itself.
  await pageA.route("**/events**", (route) => route.abort());
  await pageA.goto(`/documents/${documentId}`);
  // Each span keeps its own highlight (id, colour, level), the nested one inside the others.
  await expect.poll(async () => (await painted(pageA)).length).toBe(3);
  const shown = await painted(pageA);
  const byId = new Map(shown.map((h) => [h.id, h]));
  expect(byId.get(meeting.id)?.text).toBe("Kim Jong Un met Vladimir Putin");
  expect(byId.get(claim.id)?.text).toBe("Vladimir Putin. 金正恩 said");
  const putin = shown.find((h) => h.text === "Putin")!;
  expect(new Set([meeting.id, claim.id, putin.id]).size).toBe(3);
  expect(new Set(shown.map((h) => h.highlight)).size).toBe(3);

  // Another tab of the same user changes the note meanwhile.
  expect((await pageA.request.patch(`/api/annotations/${meeting.id}`, { data: { version: 1, note: "from the other tab" } })).status()).toBe(200);
  await clickHighlight(pageA, "Kim Jong Un met");
  const note = pageA.getByTestId("annotation-details").getByLabel("Note");
  await note.fill("from this tab");
  await note.blur();
  const conflict = pageA.getByRole("main").getByRole("alert").filter({ hasText: "was not saved" });
  await expect(conflict).toContainText("changed since you loaded it");
  await expect(pageA.getByTestId("save-status")).toHaveText("All changes saved");
  const stored = await (await pageA.request.get(`/api/documents/${documentId}/annotations`)).json();
  expect(stored.annotations.find((a: { id: string }) => a.id === meeting.id).note).toBe("from the other tab");
  await conflict.getByRole("button", { name: "Apply mine again" }).click();
  await expect(pageA.getByTestId("save-status")).toHaveText("All changes saved");
  await expect.poll(async () => (await (await pageA.request.get(`/api/documents/${documentId}/annotations`)).json()).annotations.find((a: { id: string }) => a.id === meeting.id).note).toBe("from this tab");
  await close();
});
