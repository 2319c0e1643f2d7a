// A restore acts only for the person restoring, tried as a person would: a crafted workbench file
// that names an existing account as owner and an address nobody has signed up with yet. Neither
// becomes a member or an account; their work shows as "(imported)" layers; the owner maps one to
// themselves on the members page and the work is theirs.
import crypto from "node:crypto";
import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { newUser, signedInPage, signIn, signUpViaApi } from "./fixtures";

test("a crafted restore makes nobody else a member or an account; their work shows as (imported) until the owner maps it", async ({ browser, page, request }) => {
  const victim = newUser("victim");
  const mallory = newUser("mallory");
  const future = newUser("future");
  await signUpViaApi(request, victim);
  await signUpViaApi(request, mallory);

  const now = new Date().toISOString();
  const text = "Kim Jong Un met Vladimir Putin.";
  const [victimId, futureId, labelId, documentId, projectId] = Array.from({ length: 5 }, () => crypto.randomUUID());
  const annotation = (authorId: string, start: number, end: number) => ({
    id: crypto.randomUUID(), labelId, authorId, start, end, exact: text.slice(start, end), prefix: text.slice(0, start), suffix: text.slice(end),
    attributes: {}, note: "", version: 1, reviewState: "PENDING", gold: false, goldSources: [], canonicalId: null, deletedAt: null,
    createdAt: now, updatedAt: now, reviews: [], comments: [], history: [],
  });
  const file = {
    format: "annotation-workbench", version: 1,
    project: { id: projectId, name: `Crafted ${mallory.name}`, description: "", peerReview: false, agreementThreshold: 2, createdAt: now },
    labels: [{ id: labelId, name: "Person", kind: "ENTITY", color: "#fcd34d", hotkey: null, description: "", position: 0, createdAt: now }],
    users: [{ id: victimId, name: victim.name, email: victim.email }, { id: futureId, name: "Future person", email: future.email }],
    members: [{ userId: victimId, role: "OWNER", createdAt: now }, { userId: futureId, role: "OWNER", createdAt: now }],
    documents: [{
      id: documentId, title: "Crafted", text, rawText: null, contentHash: crypto.createHash("sha256").update(text).digest("hex"), length: text.length,
      fileName: null, sourceUrl: null, publisher: null, publishedOn: null, language: null, createdById: victimId, createdAt: now,
      annotations: [annotation(victimId, 0, 11), annotation(futureId, 16, 30)], curationDecisions: [], assignments: [], relations: [], suggestions: [],
    }],
  };
  const path = test.info().outputPath("crafted.json");
  fs.writeFileSync(path, JSON.stringify(file));

  await signIn(page, mallory);
  await page.getByLabel("Workbench export (.json)").setInputFiles(path);
  await page.getByRole("button", { name: "Check file" }).click();
  const report = page.getByRole("main").getByRole("status");
  await expect(report).toContainText("You will own it");
  await expect(report).toContainText("2 other people in the file");
  await expect(report).not.toContainText("found here");
  await page.getByRole("button", { name: "Restore project" }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${projectId}$`));

  // The victim was named owner in the file, yet is not even a member.
  const victimPage = await signedInPage(browser, victim);
  expect(((await (await victimPage.request.get("/api/projects")).json()).projects as { id: string }[]).map((p) => p.id)).not.toContain(projectId);
  expect((await victimPage.request.get(`/api/projects/${projectId}`)).status()).toBe(404);
  // The address nobody had signed up with is still free.
  await signUpViaApi(request, future);

  // Their work is there, as layers of their own.
  await page.goto(`/documents/${documentId}`);
  const layers = page.getByRole("region", { name: "Layers" });
  await expect(layers.getByLabel(`${victim.name} (imported)`)).toBeChecked();
  await expect(layers.getByLabel("Future person (imported)")).toBeChecked();

  // The owner maps the victim's name to themselves.
  await page.goto(`/projects/${projectId}/members`);
  await expect(page.getByRole("heading", { name: "Imported authors" })).toBeVisible();
  const row = page.getByRole("listitem").filter({ hasText: `${victim.name} (imported)` });
  await row.getByLabel(`Member to map ${victim.name} (imported) to`).selectOption({ label: mallory.name });
  await row.getByRole("button", { name: "Map" }).click();
  await expect(page.getByText(`mapped to ${mallory.name}`)).toBeVisible();
  const members = (await (await page.request.get(`/api/projects/${projectId}/members`)).json()).members as { userId: string; email: string }[];
  expect(members.map((m) => m.email)).toEqual([mallory.email]);
  const annotations = (await (await page.request.get(`/api/documents/${documentId}/annotations`)).json()).annotations as { exact: string; authorId: string }[];
  expect(annotations.find((a) => a.exact === "Kim Jong Un")?.authorId).toBe(members[0].userId);
  await page.goto(`/documents/${documentId}`);
  await expect(layers.getByLabel(`${mallory.name} (you)`)).toBeChecked();
  await expect(layers.getByLabel(`${victim.name} (imported)`)).toHaveCount(0);
});
