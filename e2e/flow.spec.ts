// Flow from document to document at 1366×768 (issue 16): an annotator works through their assigned
// documents with Next and Mark finished without going back to the list, jumps with the document
// switcher, sees no curator pages in the grouped navigation, and search finds a spelling variant
// and opens the hit showing the annotation there, without the create popover.
import { expect, test } from "@playwright/test";
import { inviteAndAccept, labelIds, newUser, openProjectPage, signedInPage, signIn, signUpViaApi, uuidv7 } from "./fixtures";

test.use({ viewport: { width: 1366, height: 768 } });

const DOCS = [
  { title: "Flow one", text: "Kim Jong Un arrived in Vladivostok by armoured train." },
  { title: "Flow two", text: "The talks with Vladimir Putin lasted three hours." },
  { title: "Flow three", text: "A banquet followed the talks." },
  { title: "Flow four, not assigned", text: "Pyongyang reported the visit the next day." },
];

test("an annotator moves through their assigned documents with Next and Mark finished, sees no curator pages, and search finds a spelling variant", async ({ page, browser, request }) => {
  const owner = newUser("flow-owner");
  const annotator = newUser("flow-annotator");
  await signUpViaApi(request, owner);
  await signUpViaApi(request, annotator);
  await signIn(page, owner);
  const created = await page.request.post("/api/projects", { data: { name: `Flow ${owner.name}` } });
  const projectId = (await created.json()).id as string;
  const imported = await page.request.post(`/api/projects/${projectId}/documents`, { data: { documents: DOCS } });
  expect(imported.status(), await imported.text()).toBe(201);
  const ids = (await imported.json()).report.map((r: { documentId: string }) => r.documentId) as string[];

  const work = await signedInPage(browser, annotator);
  await inviteAndAccept(page.request, work.request, projectId, annotator.email, "ANNOTATOR");
  const annotatorId = (await (await work.request.get("/api/auth/session")).json()).user.id as string;
  for (const documentId of ids.slice(0, 3)) {
    const assigned = await page.request.put(`/api/projects/${projectId}/assignments`, { data: { documentId, userIds: [annotatorId] } });
    expect(assigned.status(), await assigned.text()).toBe(200);
  }

  // The navigation: grouped, on one row at 1366 px, nothing a curator needs.
  await work.goto(`/projects/${projectId}`);
  const nav = work.getByRole("navigation", { name: "Project" });
  await expect(nav.getByRole("button")).toHaveText([/^Annotate/, /^Analyse/, /^Manage/]);
  const box = (await nav.boundingBox())!;
  expect(box.height).toBeLessThan(60);
  const offered: string[] = [];
  for (const group of ["Annotate", "Analyse", "Manage"]) {
    await nav.getByRole("button", { name: new RegExp(`^${group}`) }).click();
    offered.push(...(await nav.getByRole("link").allTextContents()));
    await nav.getByRole("button", { name: new RegExp(`^${group}`) }).click();
  }
  expect(offered).toEqual(["Documents", "Assignments", "Knowledge base", "Search", "Timeline", "Claims", "Label scheme", "Export & import"]);
  // Keyboard: Enter opens a group, Escape closes it and returns focus to its button.
  const manage = nav.getByRole("button", { name: /^Manage/ });
  await manage.focus();
  await work.keyboard.press("Enter");
  await expect(manage).toHaveAttribute("aria-expanded", "true");
  await expect(nav.getByRole("link", { name: "Label scheme" })).toBeVisible();
  await work.keyboard.press("Escape");
  await expect(nav.getByRole("link", { name: "Label scheme" })).toBeHidden();
  await expect(manage).toBeFocused();

  // From the queue to the documents, never back to the list.
  await work.getByRole("list", { name: "My documents" }).getByRole("link", { name: "Flow one" }).click();
  const visited: string[] = [];
  work.on("framenavigated", (frame) => frame === work.mainFrame() && visited.push(new URL(frame.url()).pathname));
  const documents = work.getByRole("navigation", { name: "Documents" });
  await expect(work.getByRole("heading", { level: 1, name: "Flow one" })).toBeVisible();
  await expect(documents).toContainText("Your assigned document 1 of 3");
  await documents.getByRole("link", { name: "Next document: Flow two" }).click();
  await expect(work.getByRole("heading", { level: 1, name: "Flow two" })).toBeVisible();
  await documents.getByRole("link", { name: "Previous document: Flow one" }).click();
  await expect(work.getByRole("heading", { level: 1, name: "Flow one" })).toBeVisible();

  await work.getByRole("button", { name: "Mark finished" }).click();
  await expect(work.getByRole("heading", { level: 1, name: "Flow two" })).toBeVisible();
  await expect(work).toHaveURL(new RegExp(`/documents/${ids[1]}$`));
  await work.getByRole("button", { name: "Mark finished" }).click();
  await expect(work.getByRole("heading", { level: 1, name: "Flow three" })).toBeVisible();
  await work.getByRole("button", { name: "Mark finished" }).click();
  await expect(work.getByRole("status").filter({ hasText: "That was the last of your assigned documents still to do" })).toBeVisible();
  await expect(work.getByTestId("assignment-state")).toHaveText("finished");
  await expect(work.getByRole("heading", { level: 1, name: "Flow three" })).toBeVisible();
  expect(visited.filter((p) => p.startsWith("/projects"))).toEqual([]);

  // The switcher finds a document by part of its title (asking the paged list, not loading all).
  const switcher = work.getByRole("combobox", { name: "Go to document" });
  await switcher.fill("four");
  await expect(work.getByRole("option", { name: /Flow four/ })).toBeVisible();
  await switcher.press("Enter");
  await expect(work.getByRole("heading", { level: 1, name: "Flow four, not assigned" })).toBeVisible();
  await expect(documents).toContainText("Document 4 of 4");

  // Search: "Kim Jong-un" finds "Kim Jong Un"; the hit opens with the annotation there selected, no popover.
  const label = await labelIds(work, projectId);
  const [start, end] = [0, "Kim Jong Un".length];
  const tagged = await work.request.post(`/api/documents/${ids[0]}/annotations`, {
    data: { id: uuidv7(), labelId: label("Person"), start, end, exact: "Kim Jong Un" },
  });
  expect(tagged.status(), await tagged.text()).toBe(201);
  await work.goto(`/projects/${projectId}`);
  await openProjectPage(work, "Analyse", "Search");
  await work.getByLabel("Search", { exact: true }).fill("Kim Jong-un");
  await work.getByLabel("Search", { exact: true }).press("Enter");
  const hits = work.getByRole("list", { name: "Document results" }).locator(":scope > li");
  await expect(hits).toHaveCount(1);
  await hits.first().getByRole("link", { name: "Kim Jong Un" }).click();
  await expect(work.getByRole("heading", { level: 1, name: "Flow one" })).toBeVisible();
  await expect(work.getByRole("list", { name: "Annotation list" }).getByRole("button", { name: /Kim Jong Un/ })).toHaveAttribute("aria-current", "true");
  await expect(work.getByRole("toolbar", { name: "Tag the selection" })).toHaveCount(0);
  await work.context().close();
});
