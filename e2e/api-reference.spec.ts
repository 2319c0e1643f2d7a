// The described API through a real server: /api/openapi.json is public JSON, and the reference page
// renders it readably without signing in, reachable from the footer.
import { expect, test } from "@playwright/test";

test("the OpenAPI document is served to anyone and the reference page shows it by section", async ({ page, request }) => {
  const response = await request.get("/api/openapi.json");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toMatch(/^application\/json/);
  const document = (await response.json()) as { openapi: string; paths: Record<string, Record<string, { "x-permission"?: { action?: string } }>> };
  expect(document.openapi).toBe("3.1.0");
  expect(document.paths["/api/projects/{id}/labels"].post["x-permission"]?.action).toBe("manage-labels");

  await page.goto("/");
  await page.getByRole("contentinfo").getByRole("link", { name: "API reference" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "API reference" })).toBeVisible();
  await page.getByRole("navigation", { name: "API sections" }).getByRole("link", { name: "Labels" }).click();
  const addLabel = page.getByRole("region", { name: "POST /api/projects/{id}/labels" });
  await expect(addLabel).toContainText("Add a label");
  await expect(addLabel).toContainText("manage-labels: CURATOR, OWNER");
  await expect(addLabel.getByRole("table", { name: "Request body (application/json)" })).toContainText("hotkey");
  await addLabel.getByText(/^Errors:/).click();
  await expect(addLabel.getByRole("listitem").filter({ hasText: /^409/ })).toBeVisible();
  // A shared shape is one link away.
  await addLabel.getByRole("link", { name: "Label" }).first().click();
  await expect(page.locator("#schema-Label")).toContainText("position");
});
