import { expect, test } from "@playwright/test";
import { cohensKappa } from "../lib/agreement/metrics";
import { addMember, labelIds, newUser, painted, projectWithDocument, signedInPage, signIn, signUpViaApi, uuidv7 } from "./fixtures";

const TEXT = "Kim Jong Un met Vladimir Putin in Vladivostok on Thursday.";
const span = (needle: string) => ({ start: TEXT.indexOf(needle), end: TEXT.indexOf(needle) + needle.length, exact: needle });

test("the agreement figures shown are right for what two annotators did, and disagreements are marked in the text", async ({ page, browser, request }) => {
  const curator = newUser("cur");
  const amina = newUser("amina");
  const bruno = newUser("bruno");
  for (const u of [curator, amina, bruno]) await signUpViaApi(request, u);
  await signIn(page, curator);
  const { projectId, documentId } = await projectWithDocument(page, `Agreement ${curator.name}`, TEXT);
  for (const u of [amina, bruno]) await addMember(page, projectId, u, "ANNOTATOR");
  const label = await labelIds(page, projectId);
  const annotate = async (user: typeof amina, items: [string, string][]) => {
    const p = await signedInPage(browser, user);
    for (const [needle, name] of items) {
      const r = await p.request.post(`/api/documents/${documentId}/annotations`, { data: { id: uuidv7(), labelId: label(name), ...span(needle) } });
      expect(r.status()).toBe(201);
    }
    await p.context().close();
  };
  await annotate(amina, [["Kim Jong Un", "Person"], ["Vladivostok", "Location"]]);
  await annotate(bruno, [["Kim Jong", "Person"], ["Vladivostok", "Organization"], ["Thursday", "Other event"]]);

  // Words: Kim Jong Un met Vladimir Putin in Vladivostok on Thursday
  const a = ["Person", "Person", "Person", "O", "O", "O", "O", "Location", "O", "O"];
  const b = ["Person", "Person", "O", "O", "O", "O", "O", "Organization", "O", "Other event"];
  const expected = cohensKappa(a, b).toFixed(3);

  await page.goto(`/projects/${projectId}/agreement`);
  const perDocument = page.getByRole("region", { name: "Per document" });
  await expect(perDocument.getByRole("row", { name: new RegExp(`${amina.name} × ${bruno.name}|${bruno.name} × ${amina.name}`) })).toContainText(expected);
  // Span F1: nothing matches exactly; "Kim Jong"/"Kim Jong Un" overlap with the same label → 1 of 2 and 1 of 3.
  await expect(perDocument.getByRole("row").nth(1)).toContainText("0.000");
  await expect(perDocument.getByRole("row").nth(1)).toContainText("0.400");

  await perDocument.getByRole("link", { name: `Agreement ${curator.name}` }).click();
  await expect(page.getByTestId("disagreement-count")).toHaveText("3 region(s) of low agreement underlined in red");
  await expect.poll(async () => (await painted(page, "Thursday")).some((h) => h.id.startsWith("disagreement-"))).toBe(true);

  // Annotators do not see the figures; the API says so.
  const p = await signedInPage(browser, amina);
  expect((await p.request.get(`/api/projects/${projectId}/agreement`)).status()).toBe(403);
  await p.context().close();
});
