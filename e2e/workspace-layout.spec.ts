import { expect, test, type Locator, type Page } from "@playwright/test";
import { labelIds, newUser, projectWithDocument, signIn, signUpViaApi, uuidv7 } from "./fixtures";

// Issue 16, "A workspace that stays put": the side panel stays in view and scrolls on its own, the
// selected annotation's details stay visible whatever the text's scroll position, Alt+R and the
// relation form move nothing, and the viewer uses the width of the screen, at a laptop's 1366×768
// and on a 1920×1080 screen.

const FIRST = "Kim Jong Un, General Secretary of the Workers' Party of Korea, met Vladimir Putin in Vladivostok.";
const FILLER = "The talks lasted three hours and covered trade, energy and the railway across the border, officials said afterwards.";
// Long enough to scroll several screens on a 1080-pixel display.
const TEXT = [FIRST, ...Array.from({ length: 120 }, (_, i) => `${i + 1}. ${FILLER}`), "The closing paragraph of the report."].join("\n\n");
const span = (needle: string) => ({ start: TEXT.indexOf(needle), end: TEXT.indexOf(needle) + needle.length, exact: needle });

// Each finding is checked softly, so that one run tells every way the layout falls short.
const check = expect.configure({ soft: true });

/** The element's box lies wholly inside the viewport. */
async function expectInViewport(page: Page, locator: Locator) {
  const { width, height } = page.viewportSize()!;
  await check
    .poll(async () => {
      const box = await locator.boundingBox();
      return !!box && box.x >= 0 && box.y >= 0 && box.x + box.width <= width && box.y + box.height <= height;
    })
    .toBe(true);
}

const scrollY = (page: Page) => page.evaluate(() => window.scrollY);
/** Where the text is, seen from the screen: what a person notices when the text jumps. */
const textTop = async (page: Page) => (await page.getByTestId("document-text").boundingBox())!.y;

for (const viewport of [{ width: 1366, height: 768 }, { width: 1920, height: 1080 }]) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });

    test("the details stay in view while the text scrolls, Alt+R and the relation form move nothing, text and panel share the width", async ({ page, request }) => {
      const owner = newUser("layout");
      await signUpViaApi(request, owner);
      await signIn(page, owner);
      const { projectId, documentId } = await projectWithDocument(page, `Layout ${owner.name}`, TEXT);
      const label = await labelIds(page, projectId);
      const ids: Record<string, string> = {};
      for (const [needle, name] of [["Kim Jong Un", "Person"], ["Workers' Party of Korea", "Organization"]] as const) {
        const r = await page.request.post(`/api/documents/${documentId}/annotations`, { data: { id: uuidv7(), labelId: label(name), ...span(needle) } });
        expect(r.status()).toBe(201);
        ids[needle] = (await r.json()).id;
      }

      // An annotation near the top, selected.
      await page.goto(`/documents/${documentId}?annotation=${ids["Kim Jong Un"]}`);
      const details = page.getByTestId("annotation-details");
      await expect(details.getByRole("heading", { name: "“Kim Jong Un”" })).toBeVisible();
      const panel = page.getByRole("complementary", { name: "Annotations and layers" });
      const text = page.getByTestId("document-text");

      // Side by side, spread over the screen rather than a 1,100-pixel page in its middle.
      const textBox = (await text.boundingBox())!;
      const panelBox = (await panel.boundingBox())!;
      check(panelBox.x).toBeGreaterThanOrEqual(textBox.x + textBox.width);
      check(panelBox.y).toBeLessThan(viewport.height);
      check(textBox.x).toBeLessThan(64);
      check(panelBox.x + panelBox.width).toBeGreaterThan(viewport.width - 64);
      // No horizontal scrollbar.
      check(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);

      // Scroll the text far down: the end of the text shows, and so do the details.
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      await expectInViewport(page, page.getByText("The closing paragraph of the report."));
      await expectInViewport(page, details.getByRole("heading", { name: "“Kim Jong Un”" }));
      await expectInViewport(page, details.getByRole("button", { name: "Close details" }));

      // Alt+R goes to the relation form without moving the text.
      const [yBefore, topBefore] = [await scrollY(page), await textTop(page)];
      await page.keyboard.press("Alt+r");
      const relations = page.getByTestId("annotation-relations");
      await expect(relations.getByLabel("Relation")).toBeFocused();
      await expectInViewport(page, relations.getByLabel("Relation"));
      check(await scrollY(page)).toBe(yBefore);
      check(await textTop(page)).toBe(topBefore);

      // Filling the form in and linking grows the panel, not the page: the text stays where it is.
      await relations.getByLabel("To").selectOption({ label: "Workers' Party of Korea (Organization)" });
      await relations.getByRole("button", { name: "Link" }).click();
      await expect(relations.getByRole("heading", { name: "Relations (1)" })).toBeVisible();
      check(await scrollY(page)).toBe(yBefore);
      check(await textTop(page)).toBe(topBefore);
      // The selected annotation's part of the panel (details, relations) is wholly on screen.
      await expectInViewport(page, page.getByTestId("selection-panel"));

      // Picked from the list beside the text, an annotation's details show at once, in view.
      await page.getByRole("list", { name: "Annotation list" }).getByRole("button", { name: /Workers' Party of Korea/ }).click();
      await expect(details.getByRole("heading", { name: "“Workers' Party of Korea”" })).toBeVisible();
      await expectInViewport(page, details.getByRole("heading", { name: "“Workers' Party of Korea”" }));
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    });
  });
}
