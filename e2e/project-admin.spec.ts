import { expect, test } from "@playwright/test";
import { createProject, newUser, signIn, signUpViaApi } from "./fixtures";

test("an owner manages members and the label scheme; a label in use cannot be deleted", async ({ page, request }) => {
  const owner = newUser("own");
  const colleague = newUser("col");
  await signUpViaApi(request, owner);
  await signUpViaApi(request, colleague);
  await signIn(page, owner);
  const projectId = await createProject(page, `Admin ${owner.name}`);

  await page.getByRole("link", { name: "Members" }).click();
  await page.getByLabel("Email of an existing account").fill("nobody@e2e.test");
  await page.getByRole("button", { name: "Add member" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("No account uses nobody@e2e.test");
  await page.getByLabel("Email of an existing account").fill(colleague.email);
  await page.getByRole("button", { name: "Add member" }).click();
  await expect(page.getByRole("cell", { name: colleague.email })).toBeVisible();
  await page.getByLabel(`Role of ${colleague.name}`).selectOption("CURATOR");
  await expect(page.getByText(`${colleague.name} is now curator.`)).toBeVisible();
  // The only owner cannot demote themselves.
  await page.getByLabel(`Role of ${owner.name}`).selectOption("VIEWER");
  await expect(page.getByRole("main").getByRole("alert")).toContainText("at least one owner");

  await page.getByRole("link", { name: "Label scheme" }).click();
  for (const heading of ["Claims", "Events", "Entities"]) await expect(page.getByRole("heading", { name: heading })).toBeVisible();
  await page.getByRole("button", { name: "Edit Person" }).click();
  await page.getByLabel("Name", { exact: true }).fill("Person or title");
  await page.getByRole("radio", { name: "violet" }).check({ force: true });
  await page.getByRole("button", { name: "Save label" }).click();
  await expect(page.getByText("Person or title", { exact: true })).toBeVisible();

  // Tag something with "Person or title" through the API, then try to delete the label.
  const imported = await page.request.post(`/api/projects/${projectId}/documents`, { data: { documents: [{ text: "Kim Jong Un met Vladimir Putin." }] } });
  const documentId = (await imported.json()).report[0].documentId;
  const labels = (await (await page.request.get(`/api/projects/${projectId}/labels`)).json()).labels;
  const person = labels.find((l: { name: string }) => l.name === "Person or title");
  expect(person.color).toBe("#c4b5fd");
  const id = "01936b7e-0000-7000-8000-" + Date.now().toString(16).padStart(12, "0").slice(-12);
  const created = await page.request.post(`/api/documents/${documentId}/annotations`, { data: { id, labelId: person.id, start: 0, end: 11, exact: "Kim Jong Un" } });
  expect(created.status()).toBe(201);
  await page.reload();
  await expect(page.getByText("used 1 time", { exact: true })).toBeVisible();
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Delete Person or title" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText('"Person or title" is used by 1 annotation(s) and cannot be removed');
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Delete Other entity" }).click();
  await expect(page.getByText("Other entity", { exact: true })).toHaveCount(0);
});
