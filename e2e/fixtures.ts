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

/** A project with one imported document, owned by `owner`; returns ids. Uses the page's session. */
export async function projectWithDocument(page: Page, name: string, text: string): Promise<{ projectId: string; documentId: string }> {
  const project = await page.request.post("/api/projects", { data: { name } });
  expect(project.status()).toBe(201);
  const projectId = (await project.json()).id as string;
  const imported = await page.request.post(`/api/projects/${projectId}/documents`, { data: { documents: [{ text, title: name }] } });
  expect(imported.status(), await imported.text()).toBe(201);
  return { projectId, documentId: (await imported.json()).report[0].documentId as string };
}

/** Selects `needle` (its n-th occurrence) in the viewer the way a mouse drag would. */
export async function selectText(page: Page, needle: string, occurrence = 0) {
  await page.locator(".viewer-text").evaluate(
    (root, [needle, occurrence]) => {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      let seen = 0;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        let at = node.textContent!.indexOf(needle as string);
        while (at >= 0) {
          if (seen++ === occurrence) {
            const range = document.createRange();
            range.setStart(node, at);
            range.setEnd(node, at + (needle as string).length);
            const selection = window.getSelection()!;
            selection.removeAllRanges();
            selection.addRange(range);
            (root as HTMLElement).focus();
            return;
          }
          at = node.textContent!.indexOf(needle as string, at + 1);
        }
      }
      throw new Error(`"${needle}" not found in the viewer`);
    },
    [needle, occurrence] as const,
  );
  await page.locator(".viewer-text").dispatchEvent("mouseup");
}

export const highlight = (page: Page, text: string) => page.locator(".viewer-text [data-annotation-id]", { hasText: text });
