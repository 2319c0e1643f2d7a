import { expect, test } from "@playwright/test";
import { dragSelect } from "./drag-select";
import { addMember, labelIds, newUser, projectWithDocument, signedInPage, signIn, signUpViaApi, uuidv7 } from "./fixtures";

// Issue 13 §2 as a curator lives it: two annotators disagree on nested and overlapping spans; the
// curator sees every disagreement over the text, one row per annotator, decides each — by key,
// by selecting the right span in the text, by click — until none is left, and the gold layer is complete.
const TEXT =
  "It has been a year since Supreme Leader Kim Jong Un made an official goodwill visit to the Russian Federation. " +
  "The Supreme Leader met Vladimir Putin in Vladivostok on April 25, 2019.";
const span = (needle: string) => ({ start: TEXT.indexOf(needle), end: TEXT.indexOf(needle) + needle.length, exact: needle });
const VISIT = "Supreme Leader Kim Jong Un made an official goodwill visit to the Russian Federation";

test("a curator decides two annotators' disagreements over the text, one by one, until none is left", async ({ page, browser, request }) => {
  const curator = newUser("cur");
  const amina = newUser("amina");
  const bruno = newUser("bruno");
  for (const u of [curator, amina, bruno]) await signUpViaApi(request, u);
  await signIn(page, curator);
  const { projectId, documentId } = await projectWithDocument(page, `Curation view ${curator.name}`, TEXT);
  for (const u of [amina, bruno]) await addMember(page, projectId, u, "ANNOTATOR");
  const label = await labelIds(page, projectId);
  for (const [user, items] of [
    [amina, [[VISIT, "Meeting/Visit", { date: "2019-04" }], ["Kim Jong Un", "Person", {}], ["Vladivostok", "Location", {}]]],
    [bruno, [["Kim Jong Un made an official goodwill visit", "Meeting/Visit", { date: "2019-04-25" }], ["Kim Jong Un", "Person", {}], ["Putin", "Person", {}], ["Vladivostok", "Organization", {}]]],
  ] as const) {
    const p = await signedInPage(browser, user);
    for (const [needle, name, attributes] of items) {
      expect((await p.request.post(`/api/documents/${documentId}/annotations`, { data: { id: uuidv7(), labelId: label(name), ...span(needle), attributes } })).status()).toBe(201);
    }
    await p.context().close();
  }

  await page.goto(`/documents/${documentId}/curate`);
  // The button offers what it merges: the one Person both tagged.
  await page.getByRole("button", { name: "Merge agreed spans (1)" }).click();
  await expect(page.getByRole("main").getByRole("status")).toContainText("Merged 1 agreed span into the gold layer.");
  await expect(page.getByTestId("gold-count")).toHaveText("Gold layer: 1 annotation");
  // The nested Meeting/Visit disagreement is still there, with the Person settled inside it.
  await expect(page.getByRole("heading", { name: "Disagreements (3)" })).toBeVisible();

  const first = page.getByRole("region", { name: "Disagreement 1" });
  await expect(first).toHaveAttribute("aria-current", "true");
  // One row per annotator, the same text in each, their own spans drawn over it.
  await expect(first.getByLabel(`Text as ${amina.name} annotated it`)).toHaveText(/Supreme Leader Kim Jong Un made/);
  await expect(first.getByLabel(`Text as ${bruno.name} annotated it`)).toHaveText(/Supreme Leader Kim Jong Un made/);
  const aminaVisit = first.getByRole("group", { name: `${amina.name}'s version` }).getByRole("listitem", { name: `Meeting/Visit “${VISIT}”` });
  await expect(aminaVisit).toContainText("2019-04");
  await expect(aminaVisit).toContainText("differs");
  await expect(first.getByRole("group", { name: `${bruno.name}'s version` }).getByRole("listitem", { name: "Person “Kim Jong Un”" })).toContainText("in gold layer");

  // Key 1 takes the first numbered version (Amina's visit) and rejects Bruno's competing one.
  await expect(aminaVisit.locator("kbd")).toHaveText("1");
  await page.keyboard.press("1");
  await expect(page.getByRole("main").getByRole("status")).toContainText(`Took “${VISIT}” (Meeting/Visit) by ${amina.name} into the gold layer.`);
  await expect(page.getByRole("heading", { name: "Disagreements (2)" })).toBeVisible();

  // Next: Bruno's "Putin". The curator corrects the span by selecting "Vladimir Putin" in the text.
  const putin = page.getByRole("region", { name: "Disagreement 1" });
  await expect(putin).toContainText("“Putin”");
  await page.keyboard.press("c");
  const corrector = putin.getByRole("form", { name: "Corrected version" });
  await dragSelect(page, corrector.getByLabel("Text to select the span in"), "Vladimir Putin");
  await expect(corrector.getByTestId("corrected-quote")).toHaveText("Span: “Vladimir Putin”");
  await corrector.getByRole("button", { name: "Put corrected version in gold" }).click();
  await expect(page.getByRole("heading", { name: "Disagreements (1)" })).toBeVisible();

  // Last: Location or Organization for "Vladivostok", by click.
  const place = page.getByRole("region", { name: "Disagreement 1" });
  await place.getByRole("listitem", { name: "Location “Vladivostok”" }).getByRole("button", { name: "Take this version" }).click();
  await expect(page.getByRole("heading", { name: "Disagreements (0)" })).toBeVisible();
  await expect(page.getByText("Nothing to adjudicate.")).toBeVisible();
  await expect(page.getByTestId("gold-count")).toHaveText("Gold layer: 4 annotations");

  // Every candidate is decided, and the gold layer holds each decision with what its source carried.
  const view = await (await page.request.get(`/api/documents/${documentId}/curation`)).json();
  expect(view.clusters.every((c: { state: string }) => c.state === "settled")).toBe(true);
  const annotations = (await (await page.request.get(`/api/documents/${documentId}/annotations`)).json()) as { annotations: { gold: boolean; exact: string; labelId: string; attributes: Record<string, unknown> }[] };
  const gold = annotations.annotations.filter((a) => a.gold).map((a) => [a.exact, a.labelId, a.attributes]);
  expect(gold).toEqual(expect.arrayContaining([
    [VISIT, label("Meeting/Visit"), { date: "2019-04" }],
    ["Kim Jong Un", label("Person"), {}],
    ["Vladimir Putin", label("Person"), {}],
    ["Vladivostok", label("Location"), {}],
  ]));
  expect(gold).toHaveLength(4);
});

// Review findings: a keyboard-only curator at 1366×768 on text with emoji and CJK — j/k move the
// focus (visible, announced), Esc leaves the correction with focus kept, buttons say which version
// they act on, a span selected after astral characters is stored in code points, and a gold
// annotation deleted afterwards lists its version again to be taken again.
const INTL = "会談 🇰🇵🤝🇷🇺 2019年: 金正恩 met Vladimir Putin 👍🏽 in Vladivostok, then went home by train.";
const cpSpan = (needle: string) => {
  const start = [...INTL.slice(0, INTL.indexOf(needle))].length;
  return { start, end: start + [...needle].length, exact: needle };
};

test("keyboard only at 1366×768: focus follows j/k, Esc keeps it, a selection after emoji is stored in code points, a deleted gold annotation is taken again", async ({ page, browser, request }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const curator = newUser("kcur");
  const amina = newUser("kamina");
  const bruno = newUser("kbruno");
  for (const u of [curator, amina, bruno]) await signUpViaApi(request, u);
  await signIn(page, curator);
  const { projectId, documentId } = await projectWithDocument(page, `Curation keys ${curator.name}`, INTL);
  for (const u of [amina, bruno]) await addMember(page, projectId, u, "ANNOTATOR");
  const label = await labelIds(page, projectId);
  for (const [user, items] of [
    [amina, [["金正恩", "Person"], ["Putin", "Person"]]],
    [bruno, [["金正恩", "Location"], ["Vladimir Putin 👍🏽", "Person"]]],
  ] as const) {
    const p = await signedInPage(browser, user);
    for (const [needle, name] of items) {
      expect((await p.request.post(`/api/documents/${documentId}/annotations`, { data: { id: uuidv7(), labelId: label(name), ...cpSpan(needle), attributes: {} } })).status()).toBe(201);
    }
    await p.context().close();
  }

  await page.goto(`/documents/${documentId}/curate`);
  await expect(page.getByRole("heading", { name: "Disagreements (2)" })).toBeVisible();
  const first = page.getByRole("region", { name: "Disagreement 1" });
  const second = page.getByRole("region", { name: "Disagreement 2" });
  // Nothing wider than the screen.
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
  // Each button says which version it acts on.
  await expect(first.getByRole("listitem", { name: "Person “金正恩”" }).getByRole("button", { name: "Take this version" })).toHaveAccessibleDescription(`Person “金正恩” by ${amina.name}`);

  // j/k move the focus itself, so it is visible and announced, not only the blue frame.
  await page.keyboard.press("j");
  await expect(second).toBeFocused();
  await expect(second).toHaveAttribute("aria-current", "true");
  await page.keyboard.press("k");
  await expect(first).toBeFocused();
  await page.keyboard.press("j");

  // c opens the correction, Esc closes it — also from the label list — and focus stays on the disagreement.
  await page.keyboard.press("c");
  const corrector = second.getByRole("form", { name: "Corrected version" });
  await corrector.getByRole("combobox", { name: "Label" }).focus();
  await page.keyboard.press("Escape");
  await expect(corrector).toHaveCount(0);
  await expect(second).toBeFocused();

  // Without a mouse: the focus is in the correction, and the span's edges move word by word.
  await page.keyboard.press("c");
  await expect(corrector.getByRole("button", { name: "Start one word earlier" })).toBeFocused();
  await expect(corrector.getByTestId("corrected-quote")).toHaveText("Span: “Putin”");
  await page.keyboard.press("Enter");
  await expect(corrector.getByTestId("corrected-quote")).toHaveText("Span: “Vladimir Putin”");
  await page.keyboard.press("Escape");
  await expect(second).toBeFocused();

  // Correct "Putin" to "Vladimir Putin", selected after flags, emoji and CJK: code points, not UTF-16 units.
  await page.keyboard.press("c");
  await dragSelect(page, corrector.getByLabel("Text to select the span in"), "Vladimir Putin");
  await expect(corrector.getByTestId("corrected-quote")).toHaveText("Span: “Vladimir Putin”");
  await corrector.getByRole("button", { name: "Put corrected version in gold" }).click();
  await expect(page.getByRole("heading", { name: "Disagreements (1)" })).toBeVisible();
  const goldOf = async () =>
    ((await (await page.request.get(`/api/documents/${documentId}/annotations`)).json()) as { annotations: { id: string; version: number; gold: boolean; start: number; end: number; exact: string; labelId: string }[] }).annotations.filter((a) => a.gold);
  const putin = cpSpan("Vladimir Putin");
  expect(putin.start).not.toBe(INTL.indexOf("Vladimir Putin"));
  expect((await goldOf()).map((g) => [g.start, g.end, g.exact])).toEqual([[putin.start, putin.end, "Vladimir Putin"]]);

  // The last disagreement by key. The page's refresh after the decision is slowed down: a second
  // key press meanwhile must not act on the stale page (it took the same version again: a 409).
  await expect(first).toContainText("金正恩");
  const adjudications: string[] = [];
  page.on("request", (r) => void (r.url().endsWith("/curation/adjudicate") && adjudications.push(r.postData() ?? "")));
  // The refresh is held (not slept on) until the second key press has been made.
  let slowed = 0;
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(`**/documents/${documentId}/curate**`, async (route) => {
    if (route.request().headers()["rsc"]) {
      slowed++;
      await held;
    }
    await route.continue();
  });
  await page.keyboard.press("1");
  // Decided (the message says so) while the page still shows the disagreement: press again.
  await expect(page.getByRole("main").getByRole("status")).toContainText("Took “金正恩” (Person)");
  await expect(page.getByRole("heading", { name: "Disagreements (1)" })).toBeVisible();
  await page.keyboard.press("1");
  release();
  await expect(page.getByRole("heading", { name: "Disagreements (0)" })).toBeVisible();
  await page.unroute(`**/documents/${documentId}/curate**`);
  expect(slowed).toBeGreaterThan(0);
  expect(adjudications).toHaveLength(1);
  await expect(page.getByRole("main").getByRole("status")).toContainText("Took “金正恩” (Person)");

  // The curator deletes the gold 金正恩 (in the viewer, or here through the API): it is listed again, and taken again.
  const kim = (await goldOf()).find((g) => g.exact === "金正恩")!;
  expect((await page.request.delete(`/api/annotations/${kim.id}?version=${kim.version}`)).status()).toBe(200);
  await page.reload();
  await expect(page.getByRole("heading", { name: "Disagreements (1)" })).toBeVisible();
  const removed = page.getByRole("region", { name: "Disagreement 1" }).getByRole("listitem", { name: `${kim.labelId === label("Person") ? "Person" : "Location"} “金正恩”` }).first();
  await expect(removed).toContainText("removed from gold");
  await removed.getByRole("button", { name: "Take this version" }).click();
  await expect(page.getByRole("heading", { name: "Disagreements (0)" })).toBeVisible();
  expect((await goldOf()).filter((g) => g.exact === "金正恩").map((g) => g.labelId)).toEqual([kim.labelId]);
});
