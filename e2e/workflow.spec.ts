import { expect, test } from "@playwright/test";
import { dragSelect } from "./drag-select";
import { addMember, labelIds, newUser, projectWithDocument, signedInPage, signIn, signUpViaApi, uuidv7 } from "./fixtures";

// The whole issue-4 loop as the people involved do it: an owner sets the project up and spreads
// the documents, two annotators work through their queues and mark documents finished, the
// curator reviews, adjudicates with an edited version, and the dashboard shows what was done.

const TEXT = "Kim Jong Un met Vladimir Putin in Vladivostok on Thursday.";
const SECOND = "The treaty on comprehensive strategic partnership was signed in Pyongyang.";
const span = (text: string, needle: string) => ({ start: text.indexOf(needle), end: text.indexOf(needle) + needle.length, exact: needle });

test("assign, annotate, finish, review, adjudicate with an edit, and the dashboard matches", async ({ page, browser, request }) => {
  const owner = newUser("owner");
  const amina = newUser("amina");
  const bruno = newUser("bruno");
  for (const u of [owner, amina, bruno]) await signUpViaApi(request, u);
  await signIn(page, owner);
  const { projectId, documentId } = await projectWithDocument(page, `Workflow ${owner.name}`, TEXT);
  const second = await page.request.post(`/api/projects/${projectId}/documents`, { data: { documents: [{ text: SECOND, title: "Treaty" }] } });
  expect(second.status()).toBe(201);
  const secondId = (await second.json()).report[0].documentId as string;
  for (const u of [amina, bruno]) await addMember(page, projectId, u, "ANNOTATOR");

  // Settings: annotators see each other's work and peer review is on (it needs that), threshold stays 2.
  await page.goto(`/projects/${projectId}/settings`);
  await page.getByRole("group", { name: "Annotators see" }).getByRole("radio", { name: "Everyone’s work" }).check();
  await page.getByLabel("Peer review").check();
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("main").getByRole("status")).toHaveText("Settings saved.");
  expect(await (await page.request.get(`/api/projects/${projectId}`)).json()).toMatchObject({ peerReview: true, agreementThreshold: 2 });
  const refused = await page.request.patch(`/api/projects/${projectId}`, { data: { agreementThreshold: 0 } });
  expect(refused.status()).toBe(400);
  expect((await refused.json()).issues[0].path).toBe("agreementThreshold");

  // Assignments: two per document spread over both annotators, then Bruno taken off the treaty by hand.
  await page.goto(`/projects/${projectId}/assignments`);
  await page.getByLabel("Annotators per document").fill("3");
  await page.getByRole("button", { name: "Assign evenly" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("needs at least 3 annotators; there are 2");
  await page.getByLabel("Annotators per document").fill("2");
  await page.getByRole("button", { name: "Assign evenly" }).click();
  await expect(page.getByRole("main").getByRole("status")).toContainText("Assignments spread evenly");
  for (const who of [amina, bruno]) {
    await expect(page.getByRole("checkbox", { name: `${`Workflow ${owner.name}`}: ${who.name}` })).toBeChecked();
    await expect(page.getByRole("checkbox", { name: `Treaty: ${who.name}` })).toBeChecked();
  }
  // The tick shows at once; wait for the server to have stored it before reloading (the reload raced the PUT).
  const saved = page.waitForResponse((r) => r.url().endsWith(`/api/projects/${projectId}/assignments`) && r.request().method() === "PUT");
  await page.getByRole("checkbox", { name: `Treaty: ${bruno.name}` }).uncheck();
  await expect(page.getByRole("checkbox", { name: `Treaty: ${bruno.name}` })).not.toBeChecked();
  expect((await saved).status()).toBe(200);
  await page.reload();
  await expect(page.getByRole("checkbox", { name: `Treaty: ${bruno.name}` })).not.toBeChecked();

  // Annotators tag (through the API, as the viewer does) and mark documents finished from their queue and the viewer.
  const label = await labelIds(page, projectId);
  const aminaPage = await signedInPage(browser, amina);
  const brunoPage = await signedInPage(browser, bruno);
  const tag = async (p: typeof page, doc: string, text: string, needle: string, name: string) => {
    const r = await p.request.post(`/api/documents/${doc}/annotations`, { data: { id: uuidv7(), labelId: label(name), ...span(text, needle) } });
    expect(r.status()).toBe(201);
    return (await r.json()).id as string;
  };
  await tag(aminaPage, documentId, TEXT, "Kim Jong Un", "Person");
  const aminaVlad = await tag(aminaPage, documentId, TEXT, "Vladivostok", "Location");
  await tag(aminaPage, secondId, SECOND, "treaty", "Agreement");
  await tag(brunoPage, documentId, TEXT, "Kim Jong Un", "Person");
  const brunoVlad = await tag(brunoPage, documentId, TEXT, "Vladivostok", "Organization");

  await aminaPage.goto(`/projects/${projectId}`);
  const mine = aminaPage.getByRole("list", { name: "My documents" });
  await expect(aminaPage.getByRole("heading", { name: "My documents (0 of 2 finished)" })).toBeVisible();
  await expect(mine.getByRole("listitem")).toHaveCount(2);
  await expect(mine.getByRole("listitem").filter({ hasText: "Treaty" })).toContainText("1 annotation by you");
  await mine.getByRole("listitem").filter({ hasText: "Treaty" }).getByRole("button", { name: "Mark finished" }).click();
  await expect(aminaPage.getByRole("heading", { name: "My documents (1 of 2 finished)" })).toBeVisible();
  await aminaPage.goto(`/documents/${documentId}`);
  await expect(aminaPage.getByTestId("assignment-state")).toHaveText("to do");
  await aminaPage.getByRole("button", { name: "Mark finished" }).click();
  await expect(aminaPage.getByTestId("assignment-state")).toHaveText("finished");
  await brunoPage.goto(`/projects/${projectId}`);
  await expect(brunoPage.getByRole("heading", { name: "My documents (0 of 1 finished)" })).toBeVisible();

  // Peer review is on: Bruno rejects Amina's "Vladivostok"; the owner accepts Bruno's in the queue.
  expect((await brunoPage.request.post(`/api/annotations/${aminaVlad}/reviews`, { data: { decision: "REJECTED", version: 1, comment: "It is a city" } })).status()).toBe(201);
  expect((await aminaPage.request.post(`/api/annotations/${aminaVlad}/reviews`, { data: { decision: "ACCEPTED", version: 1 } })).status()).toBe(403);
  await page.goto(`/projects/${projectId}/review`);
  const queue = page.getByRole("list", { name: "Review queue" });
  await page.getByLabel("Annotator").selectOption({ label: bruno.name });
  await queue.getByRole("listitem").filter({ hasText: "Vladivostok" }).click();
  await page.keyboard.press("a");
  await expect(queue.getByRole("listitem").filter({ hasText: "Vladivostok" }).getByTestId("review-state")).toHaveText("accepted");

  // Curation: the agreed span merges; the disagreement is settled with an edited version.
  await page.goto(`/documents/${documentId}/curate`);
  await page.getByRole("button", { name: "Merge agreed spans (1)" }).click();
  await expect(page.getByTestId("gold-count")).toHaveText("Gold layer: 1 annotation");
  // The curation view corrects a span by selecting it in the text (the numeric form is gone).
  await page.getByRole("listitem", { name: "Location “Vladivostok”" }).getByRole("button", { name: "Correct span…" }).click();
  const edit = page.getByRole("form", { name: "Corrected version" });
  await dragSelect(page, edit.getByLabel("Text to select the span in"), "in Vladivostok");
  await expect(edit.getByTestId("corrected-quote")).toHaveText("Span: “in Vladivostok”");
  await edit.getByLabel("Label").selectOption({ label: "Location" });
  await edit.getByRole("button", { name: "Put corrected version in gold" }).click();
  await expect(page.getByTestId("gold-count")).toHaveText("Gold layer: 2 annotations");
  await expect(page.getByRole("heading", { name: "Disagreements (0)" })).toBeVisible();

  // Amina's annotation tells its story: created, rejected by Bruno, decided by the curator.
  await aminaPage.goto(`/documents/${documentId}?annotation=${aminaVlad}`);
  await expect(aminaPage.getByTestId("review-status")).toHaveText(`Review: rejected — rejected by ${bruno.name} (“It is a city”)`);
  await aminaPage.getByTestId("annotation-details").getByText("History").click();
  const history = aminaPage.getByRole("list", { name: "History" });
  await expect(history.getByRole("listitem")).toHaveCount(3);
  await expect(history.getByRole("listitem").nth(0)).toContainText(`${amina.name} created: Location “Vladivostok”`);
  await expect(history.getByRole("listitem").nth(1)).toContainText(`${bruno.name} rejected — “It is a city”`);
  await expect(history.getByRole("listitem").nth(2)).toContainText(`${owner.name} rejected by the curator, who put an edited version in the gold layer`);
  expect((await (await brunoPage.request.get(`/api/annotations/${brunoVlad}/history`)).json()).history.map((h: { action: string }) => h.action)).toEqual(["CREATE", "REVIEW", "ADJUDICATE"]);

  // The dashboard shows exactly this.
  await page.goto(`/projects/${projectId}/dashboard`);
  await expect(page.getByTestId("total-documents-done")).toHaveText("1 of 2");
  await expect(page.getByTestId("total-assignments-finished")).toHaveText("2 of 3");
  await expect(page.getByTestId("total-annotations")).toHaveText("5");
  await expect(page.getByTestId("total-gold")).toHaveText("2");
  const annotatorRow = (name: string) => page.getByTestId("annotator-row").filter({ hasText: name });
  await expect(annotatorRow(amina.name).getByTestId("finished")).toHaveText("2 / 2");
  await expect(annotatorRow(amina.name).getByTestId("annotations")).toHaveText("3");
  await expect(annotatorRow(amina.name).getByTestId("rejected")).toHaveText("1");
  await expect(annotatorRow(bruno.name).getByTestId("finished")).toHaveText("0 / 1");
  await expect(annotatorRow(bruno.name).getByTestId("annotations")).toHaveText("2");
  await expect(annotatorRow(bruno.name).getByTestId("accepted")).toHaveText("1");
  const documentRow = (title: string) => page.getByTestId("document-row").filter({ hasText: title });
  await expect(documentRow("Treaty").getByTestId("finished")).toHaveText("1 / 1");
  await expect(documentRow(`Workflow ${owner.name}`).getByTestId("annotations")).toHaveText("4");
  await expect(documentRow(`Workflow ${owner.name}`).getByTestId("gold")).toHaveText("2");
  const labelCount = (name: string) => page.getByTestId("label-row").filter({ has: page.getByRole("rowheader", { name: new RegExp(`^${name} `) }) }).getByTestId("count");
  await expect(labelCount("Person")).toHaveText("2");
  await expect(labelCount("Location")).toHaveText("1");
  await expect(labelCount("Organization")).toHaveText("1");
  await expect(labelCount("Agreement")).toHaveText("1");
  await expect(page.getByTestId("state-pending")).toHaveText("3");
  await expect(page.getByTestId("state-accepted")).toHaveText("1");
  await expect(page.getByTestId("state-rejected")).toHaveText("1");
  await expect(page.getByTestId("agreement-point")).toHaveCount(5);
  // The last point is agreement now: the same α as the agreement page.
  const alphaNow = await page.getByTestId("agreement-point").last().getByTestId("alpha").textContent();
  await page.goto(`/projects/${projectId}/agreement`);
  await expect(page.getByTestId("alpha").first()).toHaveText(alphaNow!);

  // An annotator does not see the dashboard's figures.
  await aminaPage.goto(`/projects/${projectId}/dashboard`);
  await expect(aminaPage.getByText("The dashboard is for curators and owners.")).toBeVisible();
  expect((await aminaPage.request.get(`/api/projects/${projectId}/progress`)).status()).toBe(403);
  await aminaPage.context().close();
  await brunoPage.context().close();
});
