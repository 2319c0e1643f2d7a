import { expect, test } from "@playwright/test";
import { addMember, labelIds, newUser, projectWithDocument, signedInPage, signIn, signUpViaApi, uuidv7 } from "./fixtures";

const TEXT = "Supreme Leader Kim Jong Un made an official goodwill visit to the Russian Federation.";
const cp = (needle: string) => [...TEXT.slice(0, TEXT.indexOf(needle))].length;

test("a rejection with a comment reaches the annotator: live notice in the open viewer, a mark in the list, and Needs your attention on the project page", async ({ page, browser, request }) => {
  const curator = newUser("cur");
  const annotator = newUser("ann");
  await signUpViaApi(request, curator);
  await signUpViaApi(request, annotator);
  await signIn(page, curator);
  const { projectId, documentId } = await projectWithDocument(page, `Feedback ${curator.name}`, TEXT);
  await addMember(page, projectId, annotator, "ANNOTATOR");
  const label = await labelIds(page, projectId);

  const annotatorPage = await signedInPage(browser, annotator);
  const id = uuidv7();
  const made = await annotatorPage.request.post(`/api/documents/${documentId}/annotations`, {
    data: { id, labelId: label("Person"), start: cp("Kim Jong Un"), end: cp("Kim Jong Un") + 11, exact: "Kim Jong Un", note: "Name without the title" },
  });
  expect(made.status(), await made.text()).toBe(201);
  await annotatorPage.goto(`/documents/${documentId}`);
  await expect(annotatorPage.getByTestId("live-status")).toHaveText("Live");
  const notices = annotatorPage.getByRole("status", { name: "Feedback on your annotations" });
  const listed = annotatorPage.getByRole("list", { name: "Annotation list" }).getByRole("listitem").filter({ hasText: "Kim Jong Un" });
  await expect(listed).not.toContainText("rejected");

  // The curator sees what they are judging — the note too — and rejects with a comment.
  await page.goto(`/projects/${projectId}/review`);
  const card = page.getByRole("list", { name: "Review queue" }).getByRole("listitem").filter({ hasText: "Kim Jong Un" });
  await expect(card.getByTestId("review-card-details")).toContainText("Name without the title");
  await card.getByLabel("Review comment").fill("Include the title: Supreme Leader");
  await card.getByRole("button", { name: "Reject" }).click();
  await expect(card.getByTestId("review-state")).toHaveText("rejected");

  // The annotator, without reloading, is told — and by whom, and why.
  await expect(notices).toContainText(`${curator.name} rejected your Person “Kim Jong Un”: “Include the title: Supreme Leader”`);
  await expect(listed.getByTestId("review-mark")).toHaveText("· ✗ rejected");

  // A comment reaches them the same way, and marks the annotation as commented.
  const comment = await page.request.post(`/api/annotations/${id}/comments`, { data: { body: "See guideline 2.1 on titles" } });
  expect(comment.status(), await comment.text()).toBe(201);
  await expect(notices).toContainText(`${curator.name} commented on your Person “Kim Jong Un”: “See guideline 2.1 on titles”`);
  await expect(listed.getByTestId("comment-mark")).toHaveText("· 💬 commented");

  // On the project page, both wait for them, each linking to the annotation in its document.
  await annotatorPage.goto(`/projects/${projectId}`);
  const attention = annotatorPage.getByRole("region", { name: /Needs your attention/ });
  await expect(attention.getByRole("listitem")).toHaveCount(2);
  await expect(attention).toContainText("Include the title: Supreme Leader");
  await expect(attention).toContainText("See guideline 2.1 on titles");
  await attention.getByRole("listitem").filter({ hasText: "Rejected" }).getByRole("link", { name: "“Kim Jong Un”" }).click();
  await expect(annotatorPage).toHaveURL(new RegExp(`/documents/${documentId}\\?annotation=${id}`));
  const details = annotatorPage.getByTestId("annotation-details");
  await expect(details).toContainText("Kim Jong Un");
  await expect(details.getByTestId("review-status")).toContainText("rejected");

  // Put away from the project page, it stays away after a reload.
  await annotatorPage.goto(`/projects/${projectId}`);
  await attention.getByRole("listitem").first().getByRole("button", { name: "Dismiss" }).click();
  await expect(attention).toHaveCount(0);
  await annotatorPage.reload();
  await expect(annotatorPage.getByRole("heading", { name: /Needs your attention/ })).toHaveCount(0);
  await annotatorPage.context().close();
});
