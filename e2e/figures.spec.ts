import { expect, test } from "@playwright/test";
import { addMember, labelIds, newUser, projectWithDocument, signedInPage, signIn, signUpViaApi, uuidv7 } from "./fixtures";

// Agreement and progress are computed by the job runner `npm start` starts beside each server:
// the dashboard and the agreement page show the last figures with their age, and catch up with a
// change by themselves (the page reloads its data while a recomputation runs).

const TEXT = "Kim Jong Un met Vladimir Putin in Vladivostok on Thursday.";
const span = (needle: string) => ({ start: TEXT.indexOf(needle), end: TEXT.indexOf(needle) + needle.length, exact: needle });

test("the dashboard and agreement page show figures with their age, and catch up after a change", async ({ page, browser, request }) => {
  const curator = newUser("figcur");
  const amina = newUser("figamina");
  for (const u of [curator, amina]) await signUpViaApi(request, u);
  await signIn(page, curator);
  const { projectId, documentId } = await projectWithDocument(page, `Figures ${curator.name}`, TEXT);
  await addMember(page, projectId, amina, "ANNOTATOR");
  const label = await labelIds(page, projectId);
  const aminaPage = await signedInPage(browser, amina);
  const annotate = async (needle: string, name: string) =>
    expect((await aminaPage.request.post(`/api/documents/${documentId}/annotations`, { data: { id: uuidv7(), labelId: label(name), ...span(needle) } })).status()).toBe(201);
  await annotate("Kim Jong Un", "Person");

  await page.goto(`/projects/${projectId}/dashboard`);
  await expect(page.getByTestId("total-annotations")).toHaveText("1", { timeout: 30_000 });
  await expect(page.getByTestId("figures-age")).toHaveText(/^Figures as of \d+ s ago\.$/);
  await expect(page.getByTestId("figures-computing")).toHaveCount(0);

  // The API says the same, with the figures' status.
  const progress = await (await page.request.get(`/api/projects/${projectId}/progress`)).json();
  expect(progress).toMatchObject({ computing: false, stale: false, totals: { annotations: 1 } });
  expect(progress.ageSeconds).toBeGreaterThanOrEqual(0);

  await annotate("Vladivostok", "Location");
  await page.reload();
  await expect(page.getByTestId("total-annotations")).toHaveText("2", { timeout: 30_000 });
  await expect(page.getByTestId("figures-computing")).toHaveCount(0);

  await page.goto(`/projects/${projectId}/agreement`);
  await expect(page.getByTestId("figures-age")).toHaveText(/^Figures as of \d+ s ago\.$/, { timeout: 30_000 });
  await expect(page.getByRole("region", { name: "Whole project" })).toContainText("1 annotators");
  await aminaPage.context().close();
});
