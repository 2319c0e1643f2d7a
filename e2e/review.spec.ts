import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { addMember, labelIds, newUser, projectWithDocument, signedInPage, signIn, signUpViaApi, uuidv7 } from "./fixtures";

const TEXT = "Kim Jong Un met Vladimir Putin in Vladivostok.\n\nThe treaty was signed in Pyongyang.";
const cp = (needle: string) => [...TEXT.slice(0, TEXT.indexOf(needle))].length;

/** A curator signed in on `page` with a project of TEXT, and an annotator (whose page stays open) who tagged three spans in it. */
async function annotatedByAnnotator(page: Page, browser: Browser, request: APIRequestContext, title: string) {
  const curator = newUser("cur");
  const annotator = newUser("ann");
  await signUpViaApi(request, curator);
  await signUpViaApi(request, annotator);
  await signIn(page, curator);
  const { projectId, documentId } = await projectWithDocument(page, `${title} ${curator.name}`, TEXT);
  await addMember(page, projectId, annotator, "ANNOTATOR");
  const label = await labelIds(page, projectId);
  const annotatorPage = await signedInPage(browser, annotator);
  for (const [exact, name] of [["Kim Jong Un", "Person"], ["Vladivostok", "Location"], ["treaty", "Agreement"]] as const) {
    const r = await annotatorPage.request.post(`/api/documents/${documentId}/annotations`, { data: { id: uuidv7(), labelId: label(name), start: cp(exact), end: cp(exact) + [...exact].length, exact } });
    expect(r.status()).toBe(201);
  }
  return { curator, annotator, projectId, documentId, label, annotatorPage };
}

test("a curator works through the review queue with the keyboard; verdicts and comments stick", async ({ page, browser, request }) => {
  const { curator, annotator, projectId, documentId, label, annotatorPage } = await annotatedByAnnotator(page, browser, request, "Review");
  // The curator's own annotation is in the queue but cannot be reviewed by them.
  const own = await page.request.post(`/api/documents/${documentId}/annotations`, { data: { id: uuidv7(), labelId: label("Location"), start: cp("Pyongyang"), end: cp("Pyongyang") + 9, exact: "Pyongyang" } });
  const ownId = (await own.json()).id;
  expect((await page.request.post(`/api/annotations/${ownId}/reviews`, { data: { decision: "ACCEPTED", version: 1 } })).status()).toBe(403);

  await page.goto(`/projects/${projectId}/review`);
  const queue = page.getByRole("list", { name: "Review queue" });
  await expect(queue.getByRole("listitem")).toHaveCount(4);
  await page.getByLabel("Annotator").selectOption({ label: annotator.name });
  await expect(queue.getByRole("listitem")).toHaveCount(3);

  await page.keyboard.press("a");
  await expect(queue.getByRole("listitem").nth(0).getByTestId("review-state")).toHaveText("accepted");
  await page.keyboard.press("c");
  await page.getByLabel("Review comment").fill("Not a location here");
  await page.keyboard.press("Enter");
  await page.keyboard.press("r");
  await expect(queue.getByRole("listitem").nth(1).getByTestId("review-state")).toHaveText("rejected");
  await expect(queue.getByRole("listitem").nth(1)).toContainText("Not a location here");

  // The annotator sees the verdicts through the API; the queue of pending work shrank.
  const vlad = (await (await annotatorPage.request.get(`/api/documents/${documentId}/annotations`)).json()).annotations.find((a: { exact: string }) => a.exact === "Vladivostok");
  const reviews = await (await annotatorPage.request.get(`/api/annotations/${vlad.id}/reviews`)).json();
  expect(reviews.state).toBe("rejected");
  expect(reviews.reviews[0]).toMatchObject({ decision: "REJECTED", comment: "Not a location here", reviewer: { name: curator.name } });
  await page.getByLabel("Review state").selectOption("PENDING");
  await expect(queue.getByRole("listitem")).toHaveCount(1);

  // Open in context: the document opens with that annotation selected.
  await page.keyboard.press("o");
  await expect(page).toHaveURL(new RegExp(`/documents/${documentId}\\?annotation=`));
  await expect(page.getByTestId("annotation-details")).toContainText("treaty");
  await annotatorPage.context().close();
});

test("a reviewer starts a thread on an annotation; its author sees the new comment, replies, and resolves it", async ({ page, browser, request }) => {
  const curator = newUser("cur");
  const annotator = newUser("ann");
  await signUpViaApi(request, curator);
  await signUpViaApi(request, annotator);
  await signIn(page, curator);
  const { projectId, documentId } = await projectWithDocument(page, `Discuss ${curator.name}`, TEXT);
  await addMember(page, projectId, annotator, "ANNOTATOR");
  const label = await labelIds(page, projectId);
  const annotatorPage = await signedInPage(browser, annotator);
  const id = uuidv7();
  const made = await annotatorPage.request.post(`/api/documents/${documentId}/annotations`, {
    data: { id, labelId: label("Person"), start: 0, end: 3, exact: "Kim" },
  });
  expect(made.status()).toBe(201);

  await page.goto(`/documents/${documentId}?annotation=${id}`);
  const details = page.getByTestId("annotation-details");
  await expect(details).toContainText("Kim");
  await details.getByLabel("Start a thread").fill("Should the whole name be tagged?");
  await details.getByRole("button", { name: "Post" }).click();
  // The thread is saved once it shows with its "Resolved" box (the text box alone already
  // contains the typed words, so waiting for the text would race the POST).
  await expect(details.getByRole("region", { name: "Discussion" }).getByRole("checkbox", { name: "Resolved" })).toHaveCount(1);
  await expect(details.getByRole("region", { name: "Discussion" })).toContainText("Should the whole name be tagged?");

  await annotatorPage.goto(`/projects/${projectId}`);
  const notice = annotatorPage.getByRole("region", { name: /Needs your attention/ });
  await expect(notice).toContainText("Should the whole name be tagged?");
  const unseen = async () => ((await (await annotatorPage.request.get(`/api/projects/${projectId}/unseen-replies`)).json()) as { replies: unknown[] }).replies.length;
  expect(await unseen()).toBe(1);
  await notice.getByRole("link", { name: "“Kim”" }).click();
  const theirDetails = annotatorPage.getByTestId("annotation-details");
  await expect(theirDetails.getByRole("region", { name: "Discussion" })).toContainText("Should the whole name be tagged?");
  // Shown to its author, the thread no longer counts as a new reply: the viewer says so (reading alone marks nothing).
  await expect.poll(unseen).toBe(0);
  await theirDetails.getByLabel("Reply").fill("Yes — fixing it.");
  await theirDetails.getByRole("button", { name: "Reply" }).click();
  // The reply is saved once its box empties: the box itself holds the typed words (React keeps a
  // controlled text area's text in the DOM too), so waiting for the words passed before the POST.
  await expect(theirDetails.getByLabel("Reply")).toHaveValue("");
  await expect(theirDetails).toContainText("Yes — fixing it.");
  // The box is ticked at once; the project page is rendered on the server from what is stored, so
  // wait for the server to have stored it (opening the page at once raced the PATCH).
  const resolved = annotatorPage.waitForResponse((r) => /\/api\/comments\/[^/]+$/.test(r.url()) && r.request().method() === "PATCH");
  await theirDetails.getByRole("checkbox", { name: "Resolved" }).check();
  await expect(theirDetails.getByRole("checkbox", { name: "Resolved" })).toBeChecked();
  expect((await resolved).status()).toBe(200);
  await annotatorPage.goto(`/projects/${projectId}`);
  await expect(annotatorPage.getByRole("region", { name: /Needs your attention/ })).toHaveCount(0);
  await annotatorPage.context().close();
});

test("a verdict given while the queue reloads for a new filter stays on its card, whether the reload read the queue before or after it", async ({ page, browser, request }) => {
  const { annotator, projectId, documentId, label, annotatorPage } = await annotatedByAnnotator(page, browser, request, "Reload");
  await annotatorPage.context().close();
  // The curator's own: in the queue until the annotator filter applies.
  expect((await page.request.post(`/api/documents/${documentId}/annotations`, { data: { id: uuidv7(), labelId: label("Location"), start: cp("Pyongyang"), end: cp("Pyongyang") + 9, exact: "Pyongyang" } })).status()).toBe(201);
  const queue = page.getByRole("list", { name: "Review queue" });
  // A card by its quote (another card's context may hold the same words).
  const card = (text: string) => queue.getByRole("listitem").filter({ has: page.locator("mark").getByText(text, { exact: true }) });

  // The filtered list is held back until the verdict is stored: read by the server before the
  // verdict (answer fetched, delivered after), then after it (request let through after).
  for (const [target, readBefore, shown, filtered] of [["Kim Jong Un", true, 4, 3], ["Vladivostok", false, 3, 2]] as const) {
    await page.goto(`/projects/${projectId}/review`);
    await expect(queue.getByRole("listitem")).toHaveCount(shown);
    let stored!: () => void;
    const verdictStored = new Promise<void>((resolve) => (stored = resolve));
    let read!: () => void;
    const serverRead = new Promise<void>((resolve) => (read = resolve));
    await page.route(/\/review-queue\?/, async (route) => {
      if (readBefore) {
        const response = await route.fetch();
        read();
        await verdictStored;
        await route.fulfill({ response });
      } else {
        read();
        await verdictStored;
        await route.continue();
      }
    });
    const reloaded = page.waitForResponse((r) => r.url().includes("/review-queue?"));
    await page.getByLabel("Annotator").selectOption({ label: annotator.name });
    await serverRead;
    await card(target).locator("mark").click();
    const posted = page.waitForResponse((r) => r.url().endsWith("/reviews") && r.request().method() === "POST");
    await page.keyboard.press("a");
    expect((await posted).status()).toBe(201);
    stored();
    expect((await reloaded).ok()).toBe(true);
    await expect(queue.getByRole("listitem")).toHaveCount(filtered);
    await expect(card(target).getByTestId("review-state")).toHaveText("accepted");
    await page.unroute(/\/review-queue\?/);
  }
});
