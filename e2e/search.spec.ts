import { expect, test } from "@playwright/test";
import { labelIds, newUser, signedInPage, signIn, signUpViaApi, uuidv7, openProjectPage } from "./fixtures";

const FIRST = "😀 金正恩 said the “treaty” with Russia was signed in Pyongyang.";
const SECOND = "Two treaties were discussed; the treaty of 2024 matters most.";
const OTHER = "A text about something else entirely.";
/** Code-point offsets of the first `needle` in `text` (Python's text[start:end]). */
const cp = (text: string, needle: string) => {
  const start = [...text.slice(0, text.indexOf(needle))].length;
  return { start, end: start + [...needle].length };
};

test("a member searches the documents: two hits with the match marked, one opens at the match", async ({ page, request }) => {
  const user = newUser("search");
  await signUpViaApi(request, user);
  await signIn(page, user);
  const created = await page.request.post("/api/projects", { data: { name: `Search ${user.name}` } });
  expect(created.status()).toBe(201);
  const projectId = (await created.json()).id as string;
  const imported = await page.request.post(`/api/projects/${projectId}/documents`, {
    data: { documents: [{ title: "First", text: FIRST, publishedOn: "2024-06-19" }, { title: "Second", text: SECOND }, { title: "Other", text: OTHER }] },
  });
  expect(imported.status(), await imported.text()).toBe(201);
  const [firstId] = (await imported.json()).report.map((r: { documentId: string }) => r.documentId) as string[];

  await page.goto(`/projects/${projectId}`);
  await openProjectPage(page, "Analyse", "Search");
  await expect(page).toHaveURL(new RegExp(`/projects/${projectId}/search`));
  await page.getByLabel("Search", { exact: true }).fill("treaty");
  await page.getByLabel("Search", { exact: true }).press("Enter");

  const results = page.getByRole("list", { name: "Document results" });
  const hits = results.locator(":scope > li");
  await expect(hits).toHaveCount(2);
  await expect(page.getByRole("status").filter({ hasText: "match" })).toContainText("2 documents and 0 annotations match “treaty”");
  // Stemming: "treaties" is a match for "treaty". One line per match, the other matches in its context marked too.
  const second = hits.filter({ has: page.getByRole("heading", { name: "Second" }) });
  await expect(second.getByRole("link", { name: /^treat/ })).toHaveText(["treaties", "treaty"]);
  await expect(second.locator("mark")).toHaveText(["treaties", "treaty", "treaties", "treaty"]);
  const first = hits.filter({ has: page.getByRole("heading", { name: "First" }) });
  await expect(first.locator("mark")).toHaveText(["treaty"]);
  await expect(first).toContainText("2024-06-19");
  // The search is in the URL, so it survives a reload.
  await expect(page).toHaveURL(/[?&]q=treaty/);

  // The keyword-in-context link opens the document at the match, in code points (after an emoji).
  const { start, end } = cp(FIRST, "treaty");
  const match = first.getByRole("link", { name: "treaty" });
  await expect(match).toHaveAttribute("href", `/documents/${firstId}?at=${start}-${end}`);
  await match.click();
  await expect(page).toHaveURL(new RegExp(`/documents/${firstId}\\?at=${start}-${end}$`));
  await expect(page.getByRole("heading", { level: 1, name: "First" })).toBeVisible();

  await page.goBack();
  await expect(page.getByRole("list", { name: "Document results" }).locator(":scope > li")).toHaveCount(2);
});

test("annotations are found by their notes and open at the annotation; bad input is a 400 and strangers get 404", async ({ page, browser, request }) => {
  const owner = newUser("search");
  const stranger = newUser("stranger");
  await signUpViaApi(request, owner);
  await signUpViaApi(request, stranger);
  await signIn(page, owner);
  const created = await page.request.post("/api/projects", { data: { name: `Search notes ${owner.name}` } });
  const projectId = (await created.json()).id as string;
  const imported = await page.request.post(`/api/projects/${projectId}/documents`, { data: { documents: [{ title: "Summit", text: FIRST }] } });
  const documentId = (await imported.json()).report[0].documentId as string;
  const label = await labelIds(page, projectId);
  const id = uuidv7();
  const annotation = await page.request.post(`/api/documents/${documentId}/annotations`, {
    data: { id, labelId: label("Location"), ...cp(FIRST, "Pyongyang"), exact: "Pyongyang", note: "Where the signing ceremonies were held" },
  });
  expect(annotation.status(), await annotation.text()).toBe(201);

  await page.goto(`/projects/${projectId}/search?q=ceremony&scope=annotations`);
  const results = page.getByRole("list", { name: "Annotation results" }).locator(":scope > li");
  await expect(results).toHaveCount(1);
  await expect(results.first().locator("mark")).toHaveText(["ceremonies"]);
  await expect(results.first()).toContainText("Location");
  await results.first().getByRole("link", { name: "Open in document" }).click();
  await expect(page).toHaveURL(new RegExp(`/documents/${documentId}\\?annotation=${id}$`));

  const bad = await page.request.get(`/api/projects/${projectId}/search?q=`);
  expect(bad.status()).toBe(400);
  expect((await bad.json()).issues[0].path).toBe("q");
  for (const q of [`'&|!():*`, `"unbalanced`, "-", "!!!", "the"]) {
    const response = await page.request.get(`/api/projects/${projectId}/search?q=${encodeURIComponent(q)}`);
    expect(response.status(), q).toBe(200);
  }
  const strangerPage = await signedInPage(browser, stranger);
  expect((await strangerPage.request.get(`/api/projects/${projectId}/search?q=treaty`)).status()).toBe(404);
  await strangerPage.goto(`/projects/${projectId}/search?q=treaty`);
  await expect(strangerPage.getByText("Pyongyang")).toHaveCount(0);
  await strangerPage.context().close();
});
