import { expect, test } from "@playwright/test";
import { addMember, newUser, projectWithDocument, SECOND_INSTANCE, signedInPage, signIn, signUpViaApi } from "./fixtures";

test("an annotator removed from the project while the viewer is open is told so without reloading, also on another app instance", async ({ browser }) => {
  const owner = newUser("owner");
  const annotator = newUser("annotator");
  const ownerPage = await (await browser.newContext()).newPage();
  await signUpViaApi(ownerPage.request, owner);
  await signUpViaApi(ownerPage.request, annotator);
  await signIn(ownerPage, owner);
  const { projectId, documentId } = await projectWithDocument(ownerPage, `Access ${owner.name}`, "Kim Jong Un met Vladimir Putin in Vladivostok.");
  await addMember(ownerPage, projectId, annotator, "ANNOTATOR");

  const annotatorPage = await signedInPage(browser, annotator);
  let streamsOpened = 0;
  annotatorPage.on("request", (r) => void (r.url().includes(`/api/documents/${documentId}/events`) && streamsOpened++));
  // The annotator's live stream is served by the other instance: the removal is heard through the database.
  await annotatorPage.goto(`${SECOND_INSTANCE}/documents/${documentId}`);
  await expect(annotatorPage.getByTestId("live-status")).toHaveText("Live");
  const opened = streamsOpened;

  await ownerPage.goto(`/projects/${projectId}/members`);
  ownerPage.once("dialog", (dialog) => void dialog.accept());
  await ownerPage.getByRole("button", { name: `Remove ${annotator.name}` }).click();
  await expect(ownerPage.getByText(`${annotator.name} was removed;`)).toBeVisible();

  const notice = annotatorPage.getByRole("alert").filter({ hasText: "You no longer have access to this project" });
  await expect(notice).toBeVisible({ timeout: 8_000 });
  await expect(notice).toContainText("removed from project");
  await expect(annotatorPage.getByTestId("live-status")).toHaveText("Stopped");
  // It does not keep knocking: the reconnect EventSource would make within a second (retry: 1000)
  // never comes.
  await expect(annotatorPage.waitForRequest((r) => r.url().includes(`/api/documents/${documentId}/events`), { timeout: 2_500 })).rejects.toThrow(/Timeout/);
  expect(streamsOpened).toBe(opened);
  await ownerPage.context().close();
  await annotatorPage.context().close();
});
