import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { expect, type APIRequestContext, type Browser, type Page } from "@playwright/test";

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

/**
 * A project with one imported document, owned by `owner`; returns ids. Uses the page's session.
 * `settings` are the project's other creation fields, e.g. `{ annotatorsSee: "EVERYONE" }`.
 */
export async function projectWithDocument(page: Page, name: string, text: string, settings: Record<string, unknown> = {}): Promise<{ projectId: string; documentId: string }> {
  const project = await page.request.post("/api/projects", { data: { name, ...settings } });
  expect(project.status()).toBe(201);
  const projectId = (await project.json()).id as string;
  const imported = await page.request.post(`/api/projects/${projectId}/documents`, { data: { documents: [{ text, title: name }] } });
  expect(imported.status(), await imported.text()).toBe(201);
  return { projectId, documentId: (await imported.json()).report[0].documentId as string };
}

/** Selects `needle` (its n-th occurrence, within one paragraph) in the viewer as a mouse drag would. */
export async function selectText(page: Page, needle: string, occurrence = 0) {
  await page.locator(".viewer-text").evaluate(
    (root, [needle, occurrence]) => {
      // Highlights split the text into many nodes: search the concatenation, then map back.
      const nodes: { node: Text; from: number }[] = [];
      let all = "";
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        nodes.push({ node: node as Text, from: all.length });
        all += node.textContent;
      }
      let at = -1;
      for (let i = 0; i <= (occurrence as number); i++) at = all.indexOf(needle as string, at + 1);
      if (at < 0) throw new Error(`"${needle}" not found in the viewer`);
      const locate = (offset: number, isEnd: boolean) => {
        const hit = nodes.findLast((n) => (isEnd ? n.from < offset : n.from <= offset))!;
        return [hit.node, offset - hit.from] as const;
      };
      const range = document.createRange();
      range.setStart(...locate(at, false));
      range.setEnd(...locate(at + (needle as string).length, true));
      const selection = window.getSelection()!;
      selection.removeAllRanges();
      selection.addRange(range);
      (root as HTMLElement).focus();
    },
    [needle, occurrence] as const,
  );
  await page.locator(".viewer-text").dispatchEvent("mouseup");
}

/** A highlight as the browser paints it: a Range in CSS.highlights, tagged by the viewer with its annotation. */
export type PaintedHighlight = { id: string; text: string; title: string; highlight: string; x: number; y: number; width: number; height: number };

/**
 * The highlights painted over the viewer's text (CSS Custom Highlight API: ranges, not elements),
 * read from the browser's registry itself; `text` narrows to those whose text contains it.
 */
export async function painted(page: Page, text?: string): Promise<PaintedHighlight[]> {
  return page.evaluate((text) => {
    const root = document.querySelector(".viewer-text");
    const out: PaintedHighlight[] = [];
    for (const [name, highlight] of CSS.highlights) {
      // The selection and flash marks repeat a span's range under their own names.
      if (/-(selected|flash)$/.test(name)) continue;
      for (const r of highlight) {
        // The viewer's ranges are static (AbstractRange): read through a live Range over the same boundaries.
        const tagged = r as AbstractRange & { annotationId?: string; title?: string };
        const range = document.createRange();
        range.setStart(tagged.startContainer, tagged.startOffset);
        range.setEnd(tagged.endContainer, tagged.endOffset);
        const shown = range.toString();
        if (!tagged.annotationId || (text !== undefined && !shown.includes(text)) || !root?.contains(range.commonAncestorContainer)) continue;
        const box = range.getClientRects()[0] ?? range.getBoundingClientRect();
        out.push({ id: tagged.annotationId, text: shown, title: tagged.title ?? "", highlight: name, x: box.x, y: box.y, width: box.width, height: box.height });
      }
    }
    return out;
  }, text);
}

/** Waits until some annotation's highlight covers `text` (or, with `present: false`, none does). */
export async function expectHighlight(page: Page, text: string, { present = true, timeout }: { present?: boolean; timeout?: number } = {}) {
  await expect.poll(async () => (await painted(page, text)).some((h) => !/^(disagreement|suggestion)-/.test(h.id)), { timeout }).toBe(present);
}

/** The text under the short flash that marks an annotation picked in the list. */
export const flashed = (page: Page) =>
  page.evaluate(() =>
    [...CSS.highlights]
      .filter(([name]) => name.endsWith("-flash"))
      .flatMap(([, h]) =>
        [...h].map((r) => {
          const range = document.createRange();
          range.setStart(r.startContainer, r.startOffset);
          range.setEnd(r.endContainer, r.endOffset);
          return range.toString();
        }),
      ),
  );

/** Clicks the highlight over `text` (the innermost one when spans nest), as a person would. */
export async function clickHighlight(page: Page, text: string) {
  await expectHighlight(page, text);
  const [target] = (await painted(page, text)).sort((a, b) => a.text.length - b.text.length);
  await page.mouse.click(target.x + Math.min(4, target.width / 2), target.y + target.height / 2);
}

/** The second app instance on the same database (see playwright.config.ts). */
export const SECOND_INSTANCE = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100) + 1}`;

/** A client-side UUIDv7, as the browser generates them. */
export function uuidv7(): string {
  const hex = Date.now().toString(16).padStart(12, "0") + crypto.randomBytes(10).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export type Role = "OWNER" | "CURATOR" | "ANNOTATOR" | "VIEWER";

/** Signs `request` in as `user` through Auth.js's credentials endpoint (no page needed). */
export async function signInViaApi(request: APIRequestContext, user: Pick<TestUser, "email" | "password">) {
  const csrfToken = (await (await request.get("/api/auth/csrf")).json()).csrfToken as string;
  await request.post("/api/auth/callback/credentials", { form: { email: user.email, password: user.password, csrfToken }, headers: { "X-Auth-Return-Redirect": "1" }, maxRedirects: 0 });
  expect((await (await request.get("/api/auth/session")).json())?.user?.email).toBe(user.email);
}

/** The owner (ownerRequest) invites `email`; the member, signed in as that address (memberRequest), accepts the link. */
export async function inviteAndAccept(ownerRequest: APIRequestContext, memberRequest: APIRequestContext, projectId: string, email: string, role: Role) {
  const invited = await ownerRequest.post(`/api/projects/${projectId}/invitations`, { data: { email, role } });
  expect(invited.status(), await invited.text()).toBe(201);
  const path = (await invited.json()).path as string;
  const secret = decodeURIComponent(path.slice(path.lastIndexOf("/") + 1));
  const accepted = await memberRequest.post("/api/invitations/accept", { data: { secret } });
  expect(accepted.status(), await accepted.text()).toBe(200);
}

/** Makes an existing account a member as the product does: the owner's session invites, the account (signed in on the side) accepts. */
export async function addMember(page: Page, projectId: string, user: TestUser, role: Role) {
  const context = await page.context().browser()!.newContext();
  try {
    await signInViaApi(context.request, user);
    await inviteAndAccept(page.request, context.request, projectId, user.email, role);
  } finally {
    await context.close();
  }
}

/** A separate browser (own cookies and storage) signed in as `user`. */
export async function signedInPage(browser: Browser, user: TestUser): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, user);
  return page;
}

/** The ids of a project's labels by name. */
export async function labelIds(page: Page, projectId: string): Promise<(name: string) => string> {
  const labels = (await (await page.request.get(`/api/projects/${projectId}/labels`)).json()).labels as { id: string; name: string }[];
  return (name) => labels.find((l) => l.name === name)!.id;
}

/** Opens a project page through the navigation: its group's disclosure, then the page's link. */
export async function openProjectPage(page: Page, group: "Annotate" | "Review" | "Analyse" | "Manage", label: string) {
  const nav = page.getByRole("navigation", { name: "Project" });
  await nav.getByRole("button", { name: new RegExp(`^${group}\\b`) }).click();
  await nav.getByRole("link", { name: label, exact: true }).click();
}
