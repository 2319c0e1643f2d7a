import { expect, test } from "@playwright/test";
import { addMember, labelIds, newUser, painted, projectWithDocument, signedInPage, signIn, signUpViaApi, uuidv7 } from "./fixtures";

const TEXT = "Kim Jong Un met Vladimir Putin in Vladivostok on Thursday.";
const span = (needle: string) => ({ start: TEXT.indexOf(needle), end: TEXT.indexOf(needle) + needle.length, exact: needle });

test("two annotators' work becomes a gold layer: agreed spans merge, the curator adjudicates the rest", async ({ page, browser, request }) => {
  const curator = newUser("cur");
  const amina = newUser("amina");
  const bruno = newUser("bruno");
  for (const u of [curator, amina, bruno]) await signUpViaApi(request, u);
  await signIn(page, curator);
  const { projectId, documentId } = await projectWithDocument(page, `Gold ${curator.name}`, TEXT);
  for (const u of [amina, bruno]) await addMember(page, projectId, u, "ANNOTATOR");
  const label = await labelIds(page, projectId);
  for (const [user, items] of [
    [amina, [["Kim Jong Un", "Person"], ["Vladivostok", "Location"]]],
    [bruno, [["Kim Jong Un", "Person"], ["Vladivostok", "Organization"]]],
  ] as const) {
    const p = await signedInPage(browser, user);
    for (const [needle, name] of items) {
      expect((await p.request.post(`/api/documents/${documentId}/annotations`, { data: { id: uuidv7(), labelId: label(name), ...span(needle) } })).status()).toBe(201);
    }
    await p.context().close();
  }

  await page.goto(`/documents/${documentId}`);
  await page.getByRole("link", { name: "Curate the gold layer" }).click();
  await expect(page.getByRole("heading", { name: "Disagreements (1)" })).toBeVisible();
  await page.getByRole("button", { name: "Merge agreed spans (1)" }).click();
  await expect(page.getByRole("main").getByRole("status")).toContainText("Merged 1 agreed span into the gold layer.");
  await expect(page.getByTestId("gold-count")).toHaveText("Gold layer: 1 annotation");

  const disagreement = page.getByRole("region", { name: "Disagreement 1" });
  await expect(disagreement).toContainText(amina.name);
  await expect(disagreement).toContainText(bruno.name);
  await disagreement.getByRole("listitem", { name: "Location “Vladivostok”" }).getByRole("button", { name: "Take this version" }).click();
  await expect(page.getByTestId("gold-count")).toHaveText("Gold layer: 2 annotations");
  await expect(page.getByRole("heading", { name: "Disagreements (0)" })).toBeVisible();

  // Merging again changes nothing; the gold layer is a layer in the viewer.
  await page.getByRole("button", { name: /Merge agreed spans/ }).click();
  await expect(page.getByRole("main").getByRole("status")).toContainText("Merged 0 agreed spans");
  await page.goto(`/documents/${documentId}`);
  for (const name of [amina.name, bruno.name, `${curator.name} (you)`]) await page.getByRole("checkbox", { name }).uncheck();
  await expect.poll(async () => (await painted(page)).length).toBe(2);
  expect((await painted(page, "Vladivostok")).map((h) => h.title)).toEqual(["Location · gold layer"]);
  await page.getByRole("checkbox", { name: "Gold layer (curated)" }).uncheck();
  await expect.poll(async () => (await painted(page)).length).toBe(0);
});
