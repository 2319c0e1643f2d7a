import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { addMember, clickHighlight, labelIds, newUser, projectWithDocument, selectText, signedInPage, signIn, signUpViaApi, uuidv7 } from "./fixtures";

// Issue 16: an axe scan over every page state a person meets — the workbench must show zero serious
// or critical violations (contrast, lists, names, ARIA) and a heading outline without skipped levels.

const TEXT =
  "Kim Jong Un met Vladimir Putin in Vladivostok on April 25, 2019.\n\n" +
  "The two leaders discussed a treaty on economic cooperation between the Democratic People's Republic of Korea and the Russian Federation.";
const span = (needle: string) => ({ start: TEXT.indexOf(needle), end: TEXT.indexOf(needle) + needle.length, exact: needle });

// heading-order is "moderate" in axe, but the issue names it: skipped levels break navigation by heading.
const ALSO_FAILING = new Set(["heading-order"]);

async function expectNoSeriousViolations(page: Page, state: string) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]).analyze();
  const failing = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical" || ALSO_FAILING.has(v.id));
  const report = failing.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.slice(0, 5).map((n) => `    ${n.target.join(" ")} — ${n.failureSummary?.split("\n").slice(1).join(" ")}`).join("\n")}`);
  // Soft: one run reports every page state that fails, not only the first.
  expect.soft(report, `axe on ${state}`).toEqual([]);
}

test("every page state passes an axe scan with no serious or critical violations", async ({ page, browser, request }) => {
  test.setTimeout(180_000);
  const owner = newUser("a11y");
  const amina = newUser("amina");
  const bruno = newUser("bruno");
  for (const u of [owner, amina, bruno]) await signUpViaApi(request, u);
  await signIn(page, owner);
  await expectNoSeriousViolations(page, "project list");
  const { projectId, documentId } = await projectWithDocument(page, `Accessibility ${owner.name} — a document title long enough to need more than one line in a table cell`, TEXT);
  for (const u of [amina, bruno]) await addMember(page, projectId, u, "ANNOTATOR");
  const label = await labelIds(page, projectId);
  // Two annotators disagree, so that the review queue, the curation view and the dashboard have content.
  for (const [user, items] of [
    [amina, [["Kim Jong Un", "Person"], ["Vladivostok", "Location"], ["treaty", "Agreement"]]],
    [bruno, [["Kim Jong Un", "Person"], ["Vladivostok", "Organization"], ["Vladimir Putin", "Person"]]],
  ] as const) {
    const p = await signedInPage(browser, user);
    for (const [needle, name] of items) {
      expect((await p.request.post(`/api/documents/${documentId}/annotations`, { data: { id: uuidv7(), labelId: label(name), ...span(needle) } })).status()).toBe(201);
    }
    await p.context().close();
  }
  const members = (await (await page.request.get(`/api/projects/${projectId}/members`)).json()).members as { userId: string; email: string }[];
  const aminaId = members.find((m) => m.email === amina.email)!.userId;
  expect((await page.request.put(`/api/projects/${projectId}/assignments`, { data: { documentId, userIds: [aminaId] } })).status()).toBe(200);

  await page.goto(`/projects/${projectId}`);
  await expect(page.getByRole("link", { name: /^Accessibility / })).toBeVisible();
  await expectNoSeriousViolations(page, "project page and document list");

  await page.goto(`/documents/${documentId}`);
  await expect(page.getByTestId("live-status")).toHaveText("Live");
  await expectNoSeriousViolations(page, "viewer");
  await selectText(page, "economic cooperation");
  await expect(page.getByRole("toolbar", { name: "Tag the selection" })).toBeVisible();
  await expectNoSeriousViolations(page, "viewer with the label popover open");
  await page.getByRole("toolbar", { name: "Tag the selection" }).getByRole("button", { name: /^Location/ }).click();
  await expect(page.getByTestId("save-status")).toHaveText("All changes saved");
  await clickHighlight(page, "economic cooperation");
  await expect(page.getByTestId("annotation-details")).toContainText("economic cooperation");
  await expect(page.getByRole("list", { name: "Annotation list" }).locator('button[aria-current="true"]')).toBeVisible();
  await expectNoSeriousViolations(page, "viewer with a selected annotation");
  await page.getByRole("button", { name: "Shortcuts (?)" }).click();
  await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeVisible();
  await expectNoSeriousViolations(page, "shortcuts help");

  await page.goto(`/projects/${projectId}/review`);
  await expect(page.getByRole("list", { name: "Review queue" }).getByRole("listitem").first()).toBeVisible();
  await expectNoSeriousViolations(page, "review queue");

  await page.goto(`/documents/${documentId}/curate`);
  await expect(page.getByRole("region", { name: "Disagreement 1" })).toBeVisible();
  await expectNoSeriousViolations(page, "curation view");

  await page.goto(`/projects/${projectId}/dashboard`);
  await expect(page.getByTestId("total-annotations")).toHaveText("7", { timeout: 30_000 });
  await expectNoSeriousViolations(page, "dashboard");

  await page.goto(`/projects/${projectId}/search?q=Vladivostok`);
  await expect(page.getByRole("main")).toContainText("Vladivostok");
  await expectNoSeriousViolations(page, "search results");

  await page.goto(`/projects/${projectId}/settings`);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectNoSeriousViolations(page, "settings");

  // An annotator sees another project page and a viewer with their assignment and its Finish button.
  const annotatorPage = await signedInPage(browser, amina);
  await annotatorPage.goto(`/projects/${projectId}`);
  await expect(annotatorPage.getByRole("list", { name: "My documents" }).getByRole("link", { name: /^Accessibility / })).toBeVisible();
  await expectNoSeriousViolations(annotatorPage, "project page as an annotator");
  await annotatorPage.goto(`/documents/${documentId}`);
  await expect(annotatorPage.getByTestId("assignment-state")).toHaveText("to do");
  await expect(annotatorPage.getByTestId("live-status")).toHaveText("Live");
  await expectNoSeriousViolations(annotatorPage, "viewer as an assigned annotator");
  await annotatorPage.context().close();
});

test("the other project pages, the account pages and the signed-out pages pass the same axe scan", async ({ page, browser, request }) => {
  test.setTimeout(120_000);
  // AxeBuilder needs a page from an explicit context.
  const signedOutContext = await browser.newContext();
  const signedOut = await signedOutContext.newPage();
  for (const path of ["/signin", "/signup"]) {
    await signedOut.goto(path);
    await expect(signedOut.getByRole("heading", { level: 1 })).toBeVisible();
    await expectNoSeriousViolations(signedOut, path);
  }
  await signedOutContext.close();

  const owner = newUser("a11yall");
  await signUpViaApi(request, owner);
  await signIn(page, owner);
  const { projectId, documentId } = await projectWithDocument(page, `Pages ${owner.name}`, TEXT);
  const label = await labelIds(page, projectId);
  expect((await page.request.post(`/api/documents/${documentId}/annotations`, { data: { id: uuidv7(), labelId: label("Person"), ...span("Kim Jong Un") } })).status()).toBe(201);
  for (const path of ["agreement", "assignments", "claims", "export", "knowledge", "labels", "members", "timeline"]) {
    await page.goto(`/projects/${projectId}/${path}`);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectNoSeriousViolations(page, `project ${path} page`);
  }
  for (const path of ["/account", "/account/tokens"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectNoSeriousViolations(page, path);
  }
});

test("the shortcuts help is a modal dialog: focus stays inside and goes back to the button that opened it", async ({ page, request }) => {
  const user = newUser("help");
  await signUpViaApi(request, user);
  await signIn(page, user);
  const { documentId } = await projectWithDocument(page, `Help ${user.name}`, TEXT);
  await page.goto(`/documents/${documentId}`);
  await expect(page.getByTestId("live-status")).toHaveText("Live");

  const opener = page.getByRole("button", { name: "Shortcuts (?)" });
  await opener.focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(dialog).toBeVisible();
  // A native modal dialog: the page behind is inert.
  expect(await dialog.evaluate((d) => d instanceof HTMLDialogElement && d.open && d.matches(":modal"))).toBe(true);
  await expect(dialog.getByRole("button", { name: "Close" })).toBeFocused();
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => !document.activeElement || document.activeElement === document.body || !!document.activeElement.closest("dialog"))).toBe(true);
  }
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();

  // "?" opens and closes it from the keyboard, and the Close button returns focus too.
  await page.keyboard.press("?");
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();
});

test("a className passed to a Button wins over its base padding", async ({ page, request }) => {
  const user = newUser("btn");
  await signUpViaApi(request, user);
  await signIn(page, user);
  const { documentId } = await projectWithDocument(page, `Buttons ${user.name}`, TEXT);
  await page.goto(`/documents/${documentId}`);
  // The viewer's Shortcuts button asks for px-2 py-1 (8 px and 4 px), not the base px-3 py-2.
  const padding = await page.getByRole("button", { name: "Shortcuts (?)" }).evaluate((b) => {
    const style = getComputedStyle(b);
    return [style.paddingLeft, style.paddingTop];
  });
  expect(padding).toEqual(["8px", "4px"]);
});

test("long document titles stay on one line in the document list and the dashboard; the favicon is served", async ({ page, request }) => {
  const owner = newUser("titles");
  await signUpViaApi(request, owner);
  await signIn(page, owner);
  const title = `Titles ${owner.name}: Kim Jong Un and Vladimir Putin meet in Vladivostok to discuss a treaty on economic cooperation and the border`;
  const { projectId, documentId } = await projectWithDocument(page, title, TEXT);
  const label = await labelIds(page, projectId);
  expect((await page.request.post(`/api/documents/${documentId}/annotations`, { data: { id: uuidv7(), labelId: label("Person"), ...span("Kim Jong Un") } })).status()).toBe(201);
  // A cell of one line is its padding plus one line of text (20 px); three lines would be 76 px.
  const oneLine = async (cell: import("@playwright/test").Locator) => {
    const height = (await cell.boundingBox())!.height;
    expect(height, `row height ${height}px`).toBeLessThan(45);
  };

  await page.goto(`/projects/${projectId}`);
  const link = page.getByRole("link", { name: title });
  await expect(link).toHaveAttribute("title", title);
  await oneLine(page.getByRole("row").filter({ has: link }).getByRole("cell").first());

  await page.goto(`/projects/${projectId}/dashboard`);
  const row = page.getByTestId("document-row");
  await expect(row).toContainText("Titles", { timeout: 30_000 });
  await expect(row.getByTitle(title)).toBeVisible();
  await oneLine(row.getByRole("rowheader"));

  const icon = await page.locator('link[rel="icon"]').first().getAttribute("href");
  expect(icon).toMatch(/^\/icon\.svg/);
  const served = await page.request.get(icon!);
  expect(served.status()).toBe(200);
  expect(served.headers()["content-type"]).toContain("image/svg+xml");
});
