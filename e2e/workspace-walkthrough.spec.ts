import { expect, test, type Locator, type Page } from "@playwright/test";
import { inviteAndAccept, newUser, selectText, signIn, signInViaApi, signUpViaApi } from "./fixtures";

// Issue 16, "Done when": tried as a new annotator would, at 1366×768 and at 1920×1080 — tag
// overlapping spans and tell them apart, draw a relation and see its arc, keep the selected
// annotation's details in view while scrolling far, and move through the assigned documents with
// Next and Mark finished without going back to the list. Everything through the page, as a person
// does it; only the owner's setup (project, documents, invitation, assignments) goes through the API.

const FIRST = "Kim Jong Un, General Secretary of the Workers' Party of Korea, met Vladimir Putin in Vladivostok.";
const FILLER = "The talks lasted three hours and covered trade, energy and the railway across the border, officials said afterwards.";
const DOCUMENTS = [
  { title: "Walk-through one", text: [FIRST, ...Array.from({ length: 80 }, (_, i) => `${i + 1}. ${FILLER}`), "The last paragraph of the first report."].join("\n\n") },
  { title: "Walk-through two", text: "Putin gave Kim Jong Un a car; the two leaders drove it around the Vostochny spaceport." },
  { title: "Walk-through three", text: "A banquet followed the talks in the Amur region." },
];

/** The element's box lies wholly inside the viewport. */
async function expectInViewport(page: Page, locator: Locator) {
  const { width, height } = page.viewportSize()!;
  await expect
    .poll(async () => {
      const box = await locator.boundingBox();
      return !!box && box.x >= 0 && box.y >= 0 && box.x + box.width <= width && box.y + box.height <= height;
    })
    .toBe(true);
}

/** The underline bars drawn for annotation `id`: where they are on screen. */
async function barsOf(page: Page, id: string) {
  return page.locator(`[data-testid="span-underlines"] .awb-underline[data-annotation-id="${id}"]`).evaluateAll((els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      return { left: Math.round(r.left), top: Math.round(r.top), width: Math.round(r.width) };
    }),
  );
}

for (const viewport of [{ width: 1366, height: 768 }, { width: 1920, height: 1080 }]) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });

    test("a new annotator tags overlapping spans, draws a relation, scrolls with the details in view and works through the assigned documents", async ({ page, request }) => {
      const owner = newUser("walk-owner");
      const annotator = newUser("walk-annotator");
      await signUpViaApi(request, owner);
      await signUpViaApi(request, annotator);
      await signInViaApi(request, owner);
      const created = await request.post("/api/projects", { data: { name: `Walk-through ${owner.name}` } });
      expect(created.status(), await created.text()).toBe(201);
      const projectId = (await created.json()).id as string;
      const imported = await request.post(`/api/projects/${projectId}/documents`, { data: { documents: DOCUMENTS } });
      expect(imported.status(), await imported.text()).toBe(201);
      const documentIds = (await imported.json()).report.map((r: { documentId: string }) => r.documentId) as string[];

      await signIn(page, annotator);
      await inviteAndAccept(request, page.request, projectId, annotator.email, "ANNOTATOR");
      const annotatorId = (await (await page.request.get("/api/auth/session")).json()).user.id as string;
      for (const documentId of documentIds) {
        const assigned = await request.put(`/api/projects/${projectId}/assignments`, { data: { documentId, userIds: [annotatorId] } });
        expect(assigned.status(), await assigned.text()).toBe(200);
      }

      // From the project page to the first assigned document; from there on, never back to a list.
      await page.goto(`/projects/${projectId}`);
      await page.getByRole("list", { name: "My documents" }).getByRole("link", { name: "Walk-through one" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Walk-through one" })).toBeVisible();
      const visited: string[] = [];
      page.on("framenavigated", (frame) => frame === page.mainFrame() && visited.push(new URL(frame.url()).pathname));

      // Overlapping spans, tagged with the mouse and the label popover: the party, the country nested in
      // it, and the man — then told apart by their own underlines.
      const popover = page.getByRole("toolbar", { name: "Tag the selection" });
      for (const [needle, label] of [["Workers' Party of Korea", "Organization"], ["Korea", "Location"], ["Kim Jong Un", "Person"]] as const) {
        await selectText(page, needle);
        await popover.getByRole("button", { name: new RegExp(`^${label}`) }).click();
        await expect(popover).toHaveCount(0);
      }
      await expect(page.getByTestId("save-status")).toHaveText("All changes saved");
      const mine = (await (await page.request.get(`/api/documents/${documentIds[0]}/annotations`)).json()).annotations as { id: string; exact: string }[];
      const idOf = (exact: string) => mine.find((a) => a.exact === exact)!.id;
      await expect.poll(async () => (await barsOf(page, idOf("Korea"))).length).toBe(1);
      const [party] = await barsOf(page, idOf("Workers' Party of Korea"));
      const [korea] = await barsOf(page, idOf("Korea"));
      // Two bars, not one: the nested span's starts where it starts, on a line of its own.
      expect(korea.left).toBeGreaterThan(party.left + 20);
      expect(korea.left + korea.width).toBeLessThanOrEqual(party.left + party.width + 1);
      expect(korea.top).not.toBe(party.top);

      // A relation drawn from the keyboard (Alt+R on the selected annotation), then seen as an arc over the text.
      await page.getByRole("list", { name: "Annotation list" }).getByRole("button", { name: /Kim Jong Un/ }).click();
      const details = page.getByTestId("annotation-details");
      await expect(details.getByRole("heading", { name: "“Kim Jong Un”" })).toBeVisible();
      await page.keyboard.press("Alt+r");
      const relations = page.getByTestId("annotation-relations");
      await expect(relations.getByLabel("Relation")).toBeFocused();
      await relations.getByLabel("Relation").selectOption({ label: "member of" });
      await relations.getByLabel("To").selectOption({ label: "Workers' Party of Korea (Organization)" });
      await relations.getByRole("button", { name: "Link" }).click();
      await expect(relations.getByRole("heading", { name: "Relations (1)" })).toBeVisible();
      const arc = page.getByRole("button", { name: "Relation member of: “Kim Jong Un” → “Workers' Party of Korea”" });
      await expect(arc).toBeVisible();
      await expect(page.getByTestId("relation-arcs")).toContainText("member of");

      // Picked again from the list (the panel opens at the details' top), then far down the text: the
      // selected annotation's details are still on screen.
      await details.getByRole("button", { name: "Close details" }).click();
      await page.getByRole("list", { name: "Annotation list" }).getByRole("button", { name: /Kim Jong Un/ }).click();
      await expectInViewport(page, details.getByRole("heading", { name: "“Kim Jong Un”" }));
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      await expectInViewport(page, page.getByText("The last paragraph of the first report."));
      await expectInViewport(page, details.getByRole("heading", { name: "“Kim Jong Un”" }));
      await expectInViewport(page, details.getByRole("button", { name: "Close details" }));

      // The text column and the panel share the screen's width, side by side.
      const textBox = (await page.getByTestId("document-text").boundingBox())!;
      const panelBox = (await page.getByRole("complementary", { name: "Annotations and layers" }).boundingBox())!;
      expect(panelBox.x).toBeGreaterThanOrEqual(textBox.x + textBox.width);
      expect(textBox.x).toBeLessThan(64);
      expect(panelBox.x + panelBox.width).toBeGreaterThan(viewport.width - 64);
      expect(textBox.width).toBeGreaterThan(viewport.width * 0.5);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);

      // Through the assigned documents: Next, then Mark finished moves on to the next one still to do.
      const documents = page.getByRole("navigation", { name: "Documents" });
      await expect(documents).toContainText("Your assigned document 1 of 3");
      await documents.getByRole("link", { name: "Next document: Walk-through two" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Walk-through two" })).toBeVisible();
      await documents.getByRole("link", { name: "Previous document: Walk-through one" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Walk-through one" })).toBeVisible();
      await page.getByRole("button", { name: "Mark finished" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Walk-through two" })).toBeVisible();
      await page.getByRole("button", { name: "Mark finished" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Walk-through three" })).toBeVisible();
      await page.getByRole("button", { name: "Mark finished" }).click();
      await expect(page.getByRole("status").filter({ hasText: "That was the last of your assigned documents still to do" })).toBeVisible();
      expect(visited.filter((p) => p.startsWith("/projects"))).toEqual([]);
    });
  });
}
