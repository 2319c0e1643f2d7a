import { expect, test } from "@playwright/test";
import { addMember, expectHighlight, newUser, projectWithDocument, selectText, signedInPage, signIn, signUpViaApi } from "./fixtures";

// Independent annotation (the default for a new project): an annotator never sees another
// annotator's highlight — not live, not after a reload, not through the API — while the curator
// sees both.
const TEXT = "Kim Jong Un met Vladimir Putin in Vladivostok on April 25, 2019.";

test("annotator 2 does not see annotator 1's highlight live or after reload; the curator sees both", async ({ browser, page }) => {
  const owner = newUser("owner");
  const [amina, bruno, curator] = [newUser("amina"), newUser("bruno"), newUser("curator")];
  for (const u of [owner, amina, bruno, curator]) await signUpViaApi(page.request, u);
  await signIn(page, owner);
  const { projectId, documentId } = await projectWithDocument(page, `Independent ${owner.name}`, TEXT);
  for (const u of [amina, bruno]) await addMember(page, projectId, u, "ANNOTATOR");
  await addMember(page, projectId, curator, "CURATOR");

  // The settings page shows the default.
  await page.goto(`/projects/${projectId}/settings`);
  await expect(page.getByRole("radio", { name: "Only their own work" })).toBeChecked();
  await expect(page.getByRole("radio", { name: "The gold layer only" })).toBeChecked();
  // Peer review needs annotators to see each other's work: refused, and nothing saved.
  await page.getByLabel("Peer review").check();
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("Peer review needs annotators to see each other's work");
  expect(await (await page.request.get(`/api/projects/${projectId}`)).json()).toMatchObject({ peerReview: false, annotatorsSee: "OWN" });

  const aminaPage = await signedInPage(browser, amina);
  const brunoPage = await signedInPage(browser, bruno);
  await aminaPage.goto(`/documents/${documentId}`);
  await brunoPage.goto(`/documents/${documentId}`);
  await expect(aminaPage.getByTestId("live-status")).toHaveText("Live");
  await expect(brunoPage.getByTestId("live-status")).toHaveText("Live");

  await selectText(aminaPage, "Vladivostok");
  await aminaPage.keyboard.press("l");
  await expect(aminaPage.getByTestId("save-status")).toHaveText("All changes saved");
  await expectHighlight(aminaPage, "Vladivostok");

  // Bruno's own highlight arrives over the same stream after Amina's was saved: once it shows,
  // Amina's would have too, had it been sent.
  await selectText(brunoPage, "Vladimir Putin");
  await brunoPage.keyboard.press("p");
  await expect(brunoPage.getByTestId("save-status")).toHaveText("All changes saved");
  await expectHighlight(brunoPage, "Vladimir Putin");
  await expectHighlight(brunoPage, "Vladivostok", { present: false });
  // And Amina does not get Bruno's, live.
  await selectText(aminaPage, "Kim Jong Un");
  await aminaPage.keyboard.press("p");
  await expectHighlight(aminaPage, "Kim Jong Un");
  await expectHighlight(aminaPage, "Vladimir Putin", { present: false });

  await brunoPage.reload();
  await expect(brunoPage.getByTestId("live-status")).toHaveText("Live");
  await expectHighlight(brunoPage, "Vladimir Putin");
  await expectHighlight(brunoPage, "Vladivostok", { present: false });

  // Not through the API either: the list leaves it out, its id answers 404.
  const theirs = (await (await aminaPage.request.get(`/api/documents/${documentId}/annotations`)).json()).annotations.find(
    (a: { exact: string }) => a.exact === "Vladivostok",
  );
  const listed = (await (await brunoPage.request.get(`/api/documents/${documentId}/annotations`)).json()).annotations as { exact: string }[];
  expect(listed.map((a) => a.exact)).toEqual(["Vladimir Putin"]);
  expect((await brunoPage.request.get(`/api/annotations/${theirs.id}/history`)).status()).toBe(404);

  const curatorPage = await signedInPage(browser, curator);
  await curatorPage.goto(`/documents/${documentId}`);
  for (const text of ["Vladivostok", "Vladimir Putin", "Kim Jong Un"]) await expectHighlight(curatorPage, text);

  // The agreement page says the counted annotations were made independently, and does not warn.
  await curatorPage.goto(`/projects/${projectId}/agreement`);
  await expect(curatorPage.getByTestId("independence").first()).toHaveText(/3 annotations counted: 0 made while annotators could see each other’s work, 3 made independently/);
  await expect(curatorPage.getByTestId("shared-warning")).toHaveCount(0);
  // Once annotators share their work, what they make then is flagged, here and on the dashboard.
  expect((await page.request.patch(`/api/projects/${projectId}`, { data: { annotatorsSee: "EVERYONE" } })).status()).toBe(200);
  await brunoPage.reload();
  await expectHighlight(brunoPage, "Vladivostok");
  await selectText(brunoPage, "April 25, 2019");
  await brunoPage.keyboard.press("m");
  await expect(brunoPage.getByTestId("save-status")).toHaveText("All changes saved");
  await curatorPage.reload();
  await expect(curatorPage.getByTestId("shared-warning")).toContainText("1 annotation of the 4 counted was made while annotators could see each other’s work");
  await curatorPage.goto(`/projects/${projectId}/dashboard`);
  await expect(curatorPage.getByTestId("shared-warning")).toContainText("1 annotation of the 4 counted");

  for (const p of [aminaPage, brunoPage, curatorPage]) await p.context().close();
});
