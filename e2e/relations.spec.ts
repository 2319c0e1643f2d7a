import { expect, test } from "@playwright/test";
import { labelIds, newUser, projectWithDocument, signIn, signUpViaApi, uuidv7 } from "./fixtures";

const TEXT = "Kim Jong Un, General Secretary of the Workers' Party of Korea, met Vladimir Putin.";
const span = (needle: string) => ({ start: TEXT.indexOf(needle), end: TEXT.indexOf(needle) + needle.length, exact: needle });

test("link two annotations with the keyboard, see the relation beside the text, export it, remove it", async ({ page, request }) => {
  const owner = newUser("rel");
  await signUpViaApi(request, owner);
  await signIn(page, owner);
  const { projectId, documentId } = await projectWithDocument(page, `Relations ${owner.name}`, TEXT);
  const label = await labelIds(page, projectId);
  const ids: Record<string, string> = {};
  for (const [needle, name] of [["Kim Jong Un", "Person"], ["Workers' Party of Korea", "Organization"], ["met", "Meeting/Visit"]] as const) {
    const r = await page.request.post(`/api/documents/${documentId}/annotations`, { data: { id: uuidv7(), labelId: label(name), ...span(needle) } });
    expect(r.status()).toBe(201);
    ids[needle] = (await r.json()).id;
  }

  await page.goto(`/documents/${documentId}?annotation=${ids["Kim Jong Un"]}`);
  const panel = page.getByTestId("annotation-relations");
  await expect(panel.getByRole("heading", { name: "Relations (0)" })).toBeVisible();
  // Alt+R jumps to the relation form; only relation types that start at an entity are offered.
  await expect(page.getByTestId("annotation-details")).toContainText("Kim Jong Un");
  await page.keyboard.press("Alt+r");
  await expect(panel.getByLabel("Relation")).toBeFocused();
  await expect(panel.getByLabel("Relation").locator("option")).toHaveText(["member of", "located in"]);
  await panel.getByLabel("To").selectOption({ label: "Workers' Party of Korea (Organization)" });
  await panel.getByRole("button", { name: "Link" }).click();
  await expect(panel.getByRole("heading", { name: "Relations (1)" })).toBeVisible();
  const list = page.getByRole("list", { name: "Relations in this document" });
  await expect(list).toContainText("“Kim Jong Un” —member of→ “Workers' Party of Korea”");

  // A relation whose ends do not fit its type is refused with a reason.
  const types = (await (await page.request.get(`/api/projects/${projectId}/relation-types`)).json()).relationTypes as { id: string; name: string }[];
  const refused = await page.request.post(`/api/documents/${documentId}/relations`, {
    data: { id: uuidv7(), typeId: types.find((t) => t.name === "member of")!.id, fromId: ids.met, toId: ids["Kim Jong Un"] },
  });
  expect(refused.status()).toBe(400);
  expect((await refused.json()).error).toContain('"member of" links an entity to an entity');

  // It travels in the exports that carry relations.
  const jsonl = await (await page.request.get(`/api/projects/${projectId}/export?format=jsonl-rich&layers=mixed`)).text();
  expect(JSON.parse(jsonl.trim()).relations).toEqual([expect.objectContaining({ type: "member of" })]);

  // From the other end it shows as incoming; removing it empties the list.
  await list.getByRole("button").first().click();
  await page.goto(`/documents/${documentId}?annotation=${ids["Workers' Party of Korea"]}`);
  await expect(panel.getByRole("list", { name: "Relations of this annotation" })).toContainText("← member of “Kim Jong Un”");
  await panel.getByRole("button", { name: /Remove relation member of/ }).click();
  await expect(panel.getByRole("heading", { name: "Relations (0)" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Relations in this document" }).getByRole("listitem")).toHaveCount(0);
});

test("curators add a relation type in the label scheme; a type in use cannot be deleted", async ({ page, request }) => {
  const owner = newUser("reltype");
  await signUpViaApi(request, owner);
  await signIn(page, owner);
  const { projectId, documentId } = await projectWithDocument(page, `Types ${owner.name}`, TEXT);
  await page.goto(`/projects/${projectId}/labels`);
  const form = page.getByRole("form", { name: "New relation type" });
  await form.getByLabel("Relation name").fill("allied with");
  await form.getByLabel("From").selectOption("ENTITY");
  await form.getByLabel("To").selectOption("ENTITY");
  await form.getByRole("button", { name: "Add relation type" }).click();
  const types = page.getByRole("list", { name: "Relation types" });
  await expect(types.getByRole("listitem").filter({ hasText: "allied with" })).toContainText("entity → entity");

  const label = await labelIds(page, projectId);
  const ids: string[] = [];
  for (const [needle, name] of [["Kim Jong Un", "Person"], ["Vladimir Putin", "Person"]] as const) {
    ids.push((await (await page.request.post(`/api/documents/${documentId}/annotations`, { data: { id: uuidv7(), labelId: label(name), ...span(needle) } })).json()).id);
  }
  const allied = ((await (await page.request.get(`/api/projects/${projectId}/relation-types`)).json()).relationTypes as { id: string; name: string }[]).find((t) => t.name === "allied with")!;
  expect((await page.request.post(`/api/documents/${documentId}/relations`, { data: { id: uuidv7(), typeId: allied.id, fromId: ids[0], toId: ids[1] } })).status()).toBe(201);
  await page.reload();
  await types.getByRole("button", { name: "Delete relation type allied with" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("used by 1 relation");
});
