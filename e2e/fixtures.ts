import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { expect, type APIRequestContext, type Page } from "@playwright/test";

export const E2E_DATA_DIR = path.resolve(import.meta.dirname, "..", ".data", "e2e");

export type TestUser = { name: string; email: string; password: string };

/** A unique user per test, so specs never depend on each other's data. */
export function newUser(prefix = "user"): TestUser {
  const id = crypto.randomBytes(5).toString("hex");
  return { name: `${prefix} ${id}`, email: `${prefix}-${id}@e2e.test`, password: `pw-${id}-long-enough` };
}

export async function signUpViaApi(request: APIRequestContext, user: TestUser) {
  const response = await request.post("/api/users", { data: user });
  expect(response.status(), await response.text()).toBe(201);
}

export async function signIn(page: Page, user: Pick<TestUser, "email" | "password">) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/projects$/);
}

export async function createProject(page: Page, name: string): Promise<string> {
  await page.goto("/projects");
  await page.getByLabel("Project name").fill(name);
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  return page.url().split("/projects/")[1];
}

export function demoAccounts(): Record<string, string> {
  return JSON.parse(fs.readFileSync(path.join(E2E_DATA_DIR, "demo-accounts.json"), "utf8"));
}
