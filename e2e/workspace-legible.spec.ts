import { expect, test, type Page } from "@playwright/test";
import { labelIds, newUser, projectWithDocument, signIn, signUpViaApi, uuidv7 } from "./fixtures";

const TEXT = "Kim Jong Un, General Secretary of the Workers' Party of Korea, met Vladimir Putin.";
const span = (needle: string) => ({ start: TEXT.indexOf(needle), end: TEXT.indexOf(needle) + needle.length, exact: needle });

/** The underline bars drawn over the text for one annotation: where they are on screen. */
const bars = (page: Page, id: string) =>
  page.locator(`[data-testid="span-underlines"] .awb-underline[data-annotation-id="${id}"]`).evaluateAll((els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      return { left: Math.round(r.left), top: Math.round(r.top), width: Math.round(r.width) };
    }),
  );

/** Where `needle` starts in the viewer's text, on screen. */
const startOf = (page: Page, needle: string) =>
  page.locator(".viewer-text").evaluate((root, needle) => {
    const text = root.querySelector("p")!.firstChild as Text;
    const range = document.createRange();
    const at = text.data.indexOf(needle);
    range.setStart(text, at);
    range.setEnd(text, at + 1);
    return Math.round(range.getClientRects()[0].left);
  }, needle);

test("overlapping spans each get their own underline, label chips toggle, a relation is an arc selectable by click and keyboard", async ({ page, request }) => {
  const owner = newUser("legible");
  await signUpViaApi(request, owner);
  await signIn(page, owner);
  const { projectId, documentId } = await projectWithDocument(page, `Legible ${owner.name}`, TEXT);
  const label = await labelIds(page, projectId);
  const create = async (needle: string, name: string) => {
    const r = await page.request.post(`/api/documents/${documentId}/annotations`, { data: { id: uuidv7(), labelId: label(name), ...span(needle) } });
    expect(r.status(), await r.text()).toBe(201);
    return (await r.json()).id as string;
  };
  // Three identical spans (different labels), a span nested inside them, and a person.
  const party = "Workers' Party of Korea";
  const same = [await create(party, "Organization"), await create(party, "Other entity"), await create(party, "Location")];
  const korea = await create("Korea", "Person");
  const kim = await create("Kim Jong Un", "Person");

  await page.goto(`/documents/${documentId}`);
  // Three identical spans: three underlines, at three different heights, each along the whole span.
  await expect.poll(async () => (await Promise.all(same.map((id) => bars(page, id)))).every((b) => b.length === 1)).toBe(true);
  const stacked = (await Promise.all(same.map((id) => bars(page, id)))).map((b) => b[0]);
  expect(new Set(stacked.map((b) => b.top)).size).toBe(3);
  expect(new Set(stacked.map((b) => b.left)).size).toBe(1);
  expect(stacked[0].left).toBe(await startOf(page, party));
  // The nested span's underline begins where it begins, not where the outer spans do.
  await expect.poll(async () => (await bars(page, korea)).length).toBe(1);
  const [inner] = await bars(page, korea);
  expect(inner.left).toBe(await startOf(page, "Korea"));
  expect(inner.left).toBeGreaterThan(stacked[0].left + 20);
  expect(stacked.map((b) => b.top)).not.toContain(inner.top);

  // The label's name on hover.
  const at = await page.locator(".viewer-text").evaluate((root) => {
    const text = root.querySelector("p")!.firstChild as Text;
    const range = document.createRange();
    range.setStart(text, text.data.indexOf("Korea") + 2);
    range.setEnd(text, text.data.indexOf("Korea") + 3);
    const r = range.getClientRects()[0];
    return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  });
  await page.mouse.move(at.x, at.y);
  await expect(page.getByTestId("document-text")).toHaveAttribute("title", /Person · legible/);

  // Label chips: off by default, one per span when switched on in the Layers panel.
  const chips = page.locator('[data-testid="span-underlines"] .awb-chip');
  await expect(chips).toHaveCount(0);
  await page.getByLabel("Label names on the text").check();
  await expect(chips).toHaveCount(5);
  await expect(chips.filter({ hasText: "Organization" })).toHaveCount(1);
  await expect(chips.filter({ hasText: "Other entity" })).toHaveCount(1);
  // Keyboard focus on an annotation (Alt+↓) shows its label even with chips off.
  await page.getByLabel("Label names on the text").uncheck();
  await expect(chips).toHaveCount(0);
  await page.locator(".viewer-text").focus();
  await page.keyboard.press("Alt+ArrowDown");
  await expect(chips).toHaveCount(1);
  await expect(chips).toHaveText("Person");

  // A relation is drawn as an arc named by its type; click and keyboard select it.
  const types = (await (await page.request.get(`/api/projects/${projectId}/relation-types`)).json()).relationTypes as { id: string; name: string }[];
  const made = await page.request.post(`/api/documents/${documentId}/relations`, { data: { id: uuidv7(), typeId: types.find((t) => t.name === "member of")!.id, fromId: kim, toId: same[0] } });
  expect(made.status(), await made.text()).toBe(201);
  await page.reload();
  const arc = page.getByRole("button", { name: `Relation member of: “Kim Jong Un” → “${party}”` });
  await expect(arc).toBeVisible();
  await expect(page.getByTestId("relation-arcs")).toContainText("member of");
  await expect(arc).toHaveAttribute("aria-pressed", "false");
  // A person clicks the arc's name (the box around the arc is mostly the text under it).
  await arc.getByText("member of").click();
  await expect(arc).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("annotation-details")).toContainText("Kim Jong Un");
  // The list beside the text stays.
  await expect(page.getByRole("list", { name: "Relations in this document" })).toContainText("member of");
  await page.reload();
  await arc.focus();
  await expect(arc).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(arc).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("annotation-details")).toContainText("Kim Jong Un");
});
