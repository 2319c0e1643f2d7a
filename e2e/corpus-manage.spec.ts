import { expect, test } from "@playwright/test";
import { createProject, newUser, signIn, signUpViaApi, uuidv7 } from "./fixtures";

test("a curator corrects a document's details, updates others from a CSV, deletes a document and restores it with its annotations", async ({ page, request }) => {
  const owner = newUser("manage");
  await signUpViaApi(request, owner);
  await signIn(page, owner);
  const projectId = await createProject(page, `Manage ${owner.name}`);
  const imported = await page.request.post(`/api/projects/${projectId}/documents`, {
    data: { documents: [{ name: "a.txt", text: "July 05, 2025\nKim Jong Un met Putin in Vladivostok.", title: "July 05, 2025" }, { name: "b.txt", text: "The treaty was signed in Pyongyang.", title: "Treaty" }] },
  });
  expect(imported.status()).toBe(201);
  const [a, b] = (await imported.json()).report.map((r: { documentId: string }) => r.documentId);
  const person = (await (await page.request.get(`/api/projects/${projectId}/labels`)).json()).labels.find((l: { name: string }) => l.name === "Person");
  const annotated = await page.request.post(`/api/documents/${a}/annotations`, {
    data: { id: uuidv7(), labelId: person.id, start: 14, end: 25, exact: "Kim Jong Un", attributes: {}, note: "" },
  });
  expect(annotated.status(), await annotated.text()).toBe(201);

  // One document by hand: a refused date is explained next to its field; a good one is saved with history.
  await page.goto(`/documents/${a}`);
  await page.getByText("Edit details").click();
  const form = page.getByRole("form", { name: "Document details" });
  await form.getByLabel("Title").fill("Kim–Putin meeting in Vladivostok");
  await form.getByLabel("Published").fill("5 July");
  await form.getByRole("button", { name: "Save details" }).click();
  await expect(form.getByText("Published: not a date like 2019, 2019-04 or 2019-04-25")).toBeVisible();
  // The dateline in the text was proposed at import (2025-07-05); the curator makes it the month.
  await expect(form.getByLabel("Published")).toHaveValue("5 July");
  await form.getByLabel("Published").fill("2025-07");
  await form.getByRole("button", { name: "Save details" }).click();
  await expect(form.getByRole("status")).toHaveText("Saved: title, publishedOn changed.");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Kim–Putin meeting in Vladivostok");
  await expect(page.getByRole("list", { name: "History of these details" })).toContainText(`${owner.name}: title July 05, 2025 → Kim–Putin meeting in Vladivostok; publishedOn 2025-07-05 → 2025-07`);

  // The other from a CSV: checked first, applied after.
  await page.goto(`/projects/${projectId}`);
  await page.getByLabel("CSV file").setInputFiles({ name: "details.csv", mimeType: "text/csv", buffer: Buffer.from(`id,publisher,tags\r\n${b},KCNA,"treaty;2024"\r\n`) });
  await page.getByRole("button", { name: "Check the CSV" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Checked: 1 row, 1 document would change" })).toBeVisible();
  expect((await (await page.request.get(`/api/documents/${b}`)).json()).publisher).toBeNull();
  await page.getByRole("button", { name: "Apply 1 change" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Applied: 1 row, 1 document changed" })).toBeVisible();
  expect(await (await page.request.get(`/api/documents/${b}`)).json()).toMatchObject({ publisher: "KCNA", tags: ["treaty", "2024"] });

  // Delete: gone from the list and the API at once; restorable from the project page.
  await page.goto(`/documents/${a}`);
  await page.getByRole("button", { name: "Delete document" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete “Kim–Putin meeting in Vladivostok”?" });
  await expect(dialog).toContainText("restore it from “Deleted documents” on the project page for 30 days");
  await dialog.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${projectId}\\?deleted=`));
  await expect(page.getByRole("status").filter({ hasText: "“Kim–Putin meeting in Vladivostok” was deleted" })).toBeVisible();
  await expect(page.getByRole("table").getByRole("link", { name: "Kim–Putin meeting in Vladivostok" })).toHaveCount(0);
  expect((await page.request.get(`/api/documents/${a}`)).status()).toBe(404);
  const trash = page.getByRole("region", { name: "Deleted documents (1)" });
  await expect(trash).toContainText("Kim–Putin meeting in Vladivostok — 1 annotation, deleted");

  await trash.getByRole("button", { name: "Restore Kim–Putin meeting in Vladivostok" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Restored “Kim–Putin meeting in Vladivostok” with 1 annotation." })).toBeVisible();
  await expect(page.getByRole("table").getByRole("link", { name: "Kim–Putin meeting in Vladivostok" })).toBeVisible();
  const annotations = await (await page.request.get(`/api/documents/${a}/annotations`)).json();
  expect(annotations.annotations.map((x: { exact: string }) => x.exact)).toEqual(["Kim Jong Un"]);
});
