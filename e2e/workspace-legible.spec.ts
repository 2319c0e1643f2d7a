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

/** Waits until each of the annotations has exactly one underline bar drawn. */
const eachHasOneBar = (page: Page, ids: string[]) =>
  expect.poll(async () => (await Promise.all(ids.map((id) => bars(page, id)))).every((b) => b.length === 1)).toBe(true);

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
  await eachHasOneBar(page, same);
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

test("labels of relations between near spans never overlap; a relation hovered or focused in the list highlights its arc, and the arc its row", async ({ page, request }) => {
  const owner = newUser("arcs");
  await signUpViaApi(request, owner);
  await signIn(page, owner);
  const { projectId, documentId } = await projectWithDocument(page, `Arcs ${owner.name}`, TEXT);
  const label = await labelIds(page, projectId);
  const create = async (needle: string, name: string) => {
    const r = await page.request.post(`/api/documents/${documentId}/annotations`, { data: { id: uuidv7(), labelId: label(name), ...span(needle) } });
    expect(r.status(), await r.text()).toBe(201);
    return (await r.json()).id as string;
  };
  const kim = await create("Kim Jong Un", "Person");
  const party = await create("Workers' Party of Korea", "Organization");
  const korea = await create("Korea", "Location");
  const putin = await create("Vladimir Putin", "Person");
  const types = (await (await page.request.get(`/api/projects/${projectId}/relation-types`)).json()).relationTypes as { id: string; name: string }[];
  const relate = async (type: string, fromId: string, toId: string) => {
    const r = await page.request.post(`/api/documents/${documentId}/relations`, { data: { id: uuidv7(), typeId: types.find((t) => t.name === type)!.id, fromId, toId } });
    expect(r.status(), await r.text()).toBe(201);
    return (await r.json()).id as string;
  };
  // Two relations on the same pair of spans, and more between neighbours a few words apart.
  const ids = [
    await relate("member of", kim, party),
    await relate("located in", kim, party),
    await relate("located in", party, korea),
    await relate("member of", putin, party),
    await relate("located in", putin, korea),
  ];

  await page.goto(`/documents/${documentId}`);
  const arcs = page.getByTestId("relation-arcs").locator("g[data-relation-id]");
  await expect(arcs).toHaveCount(ids.length);
  // Each label (its box and its name) on screen, apart from every other label.
  const boxes = await arcs.evaluateAll((gs) =>
    gs.map((g) => {
      const rect = g.querySelector("rect")!.getBoundingClientRect();
      const text = g.querySelector("text")!.getBoundingClientRect();
      return { id: (g as SVGGElement).dataset.relationId!, rect: { x: rect.x, y: rect.y, w: rect.width, h: rect.height }, text: { x: text.x, y: text.y, w: text.width, h: text.height } };
    }),
  );
  const intersect = (a: { x: number; y: number; w: number; h: number }, b: typeof a) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
  const clashes = boxes.flatMap((a, i) => boxes.slice(i + 1).filter((b) => intersect(a.rect, b.rect) || intersect(a.text, b.text)).map((b) => `${a.id} × ${b.id}`));
  expect(clashes).toEqual([]);
  for (const b of boxes) {
    // The name fits its box.
    expect(b.text.x).toBeGreaterThanOrEqual(b.rect.x - 0.5);
    expect(b.text.x + b.text.w).toBeLessThanOrEqual(b.rect.x + b.rect.w + 0.5);
  }

  // Focus on a row of the list beside the text: its arc is highlighted, no other.
  const list = page.getByRole("list", { name: "Relations in this document" });
  const arcOf = (id: string) => page.locator(`[data-testid="relation-arcs"] g[data-relation-id="${id}"]`);
  const rowOf = (id: string) => list.locator(`li[data-relation-id="${id}"]`);
  await rowOf(ids[2]).getByRole("button").focus();
  await expect(arcOf(ids[2])).toHaveAttribute("data-highlighted", "true");
  await expect(page.locator('[data-testid="relation-arcs"] g[data-highlighted="true"]')).toHaveCount(1);
  await expect(rowOf(ids[2])).toHaveAttribute("data-highlighted", "true");
  // Hovering another row moves the highlight there.
  await rowOf(ids[4]).getByRole("button").hover();
  await expect(arcOf(ids[4])).toHaveAttribute("data-highlighted", "true");
  await expect(arcOf(ids[2])).toHaveAttribute("data-highlighted", "false");
  await page.mouse.move(0, 0);
  await expect(page.locator('[data-testid="relation-arcs"] g[data-highlighted="true"]')).toHaveCount(0);
  // Keyboard focus on an arc over the text highlights its row in the list.
  await arcOf(ids[0]).focus();
  await expect(rowOf(ids[0])).toHaveAttribute("data-highlighted", "true");
  await expect(list.locator('li[data-highlighted="true"]')).toHaveCount(1);
  await expect(arcOf(ids[0])).toHaveAttribute("data-highlighted", "true");
});

test("the underlines of spans below the screen are drawn once the page is idle, and in place when scrolled to", async ({ page, request }) => {
  const owner = newUser("below");
  await signUpViaApi(request, owner);
  await signIn(page, owner);
  // Eighty paragraphs: the first on the screen, the thirtieth a little below it (inside the painter's
  // window of one screen above and below), the seventy-fifth further down (outside it at the open).
  const lines = Array.from({ length: 80 }, (_, i) => `Line ${i + 1}: Kim Jong Un met Vladimir Putin in Vladivostok.`);
  const text = lines.join("\n");
  const { projectId, documentId } = await projectWithDocument(page, `Below ${owner.name}`, text);
  const label = await labelIds(page, projectId);
  const putinOn = async (line: number, name: string) => {
    const start = [...lines.slice(0, line).join("\n")].length + (line ? 1 : 0) + lines[line].indexOf("Putin");
    const r = await page.request.post(`/api/documents/${documentId}/annotations`, { data: { id: uuidv7(), labelId: label(name), start, end: start + 5, exact: "Putin" } });
    expect(r.status(), await r.text()).toBe(201);
    return (await r.json()).id as string;
  };
  // Two spans on each line, so each has an underline bar of its own.
  const first = [await putinOn(0, "Person"), await putinOn(0, "Organization")];
  const below = [await putinOn(29, "Person"), await putinOn(29, "Organization")];
  const far = [await putinOn(74, "Person"), await putinOn(74, "Organization")];

  await page.goto(`/documents/${documentId}`);
  await eachHasOneBar(page, first);
  const belowTop = await page.locator(".viewer-text > p").nth(29).evaluate((p) => p.getBoundingClientRect().top);
  expect(belowTop).toBeGreaterThan(await page.evaluate(() => window.innerHeight));
  // Not on the screen, no scrolling: drawn all the same, once the page has nothing else to do.
  await eachHasOneBar(page, below);
  // Beyond the window (more than a screen below the screen): not drawn at all until scrolled near.
  const farTop = await page.locator(".viewer-text > p").nth(74).evaluate((p) => p.getBoundingClientRect().top);
  expect(farTop).toBeGreaterThan(await page.evaluate(() => 2 * window.innerHeight));
  expect(await bars(page, far[0])).toEqual([]);

  // Scrolled to: the far line's bars are there, under its "Putin", one under the other.
  await page.locator(".viewer-text > p").nth(74).evaluate((p) => p.scrollIntoView({ block: "center" }));
  await eachHasOneBar(page, far);
  const putin = await page.locator(".viewer-text > p").nth(74).evaluate((p) => {
    const text = p.firstChild as Text;
    const range = document.createRange();
    range.setStart(text, text.data.indexOf("Putin"));
    range.setEnd(text, text.data.indexOf("Putin") + 1);
    const r = range.getClientRects()[0];
    return { left: Math.round(r.left), bottom: Math.round(r.bottom) };
  });
  const farBars = (await Promise.all(far.map((id) => bars(page, id)))).map((b) => b[0]);
  expect(farBars.map((b) => b.left)).toEqual([putin.left, putin.left]);
  expect(farBars[0].top).not.toBe(farBars[1].top);
  for (const bar of farBars) {
    expect(bar.top).toBeGreaterThanOrEqual(putin.bottom);
    expect(bar.top).toBeLessThan(putin.bottom + 16);
  }

  // A page that is never idle: the bars below the screen wait (nothing measured off screen in the
  // open's frame), and are drawn when the screen reaches them.
  await page.addInitScript(() => {
    window.requestIdleCallback = () => 0;
  });
  await page.goto(`/documents/${documentId}`);
  // The drawing that drew the first line's bars left these waiting; nothing but the screen reaching
  // them (or an idle moment, never here) draws them.
  await eachHasOneBar(page, first);
  expect(await Promise.all(below.map((id) => bars(page, id)))).toEqual([[], []]);
  await page.locator(".viewer-text > p").nth(29).evaluate((p) => p.scrollIntoView({ block: "center" }));
  await eachHasOneBar(page, below);
});
