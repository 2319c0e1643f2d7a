import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { clickHighlight, newUser, openProjectPage, projectWithDocument, signIn, signUpViaApi } from "./fixtures";

// A brat corpus's normalisations, equivalences and attributes the label scheme lacks, as a
// researcher meets them: the import report counts the knowledge-base links, the annotation shows
// its other attributes read-only, and the knowledge-base item shows the reference it came with.

const TEXT = "Douglas Adams did not meet KCNA in London. Adams left.";
const at = (needle: string, from = 0) => {
  const start = [...TEXT.slice(0, TEXT.indexOf(needle, from))].length;
  return `${start} ${start + [...needle].length}\t${needle}`;
};

test("brat N, * and extra A lines: links counted in the import report, extra attributes read-only in the details, the external id on the item's page", async ({ page, request }) => {
  const owner = newUser("owner");
  await signUpViaApi(request, owner);
  await signIn(page, owner);
  const { projectId, documentId } = await projectWithDocument(page, `brat links ${owner.name}`, TEXT);

  const dir = test.info().outputPath("corpus");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "adams.txt"), TEXT);
  fs.writeFileSync(path.join(dir, "adams.ann"), [
    `T1\tPerson ${at("Douglas Adams")}`, `T2\tOrganization ${at("KCNA")}`, `T3\tPerson ${at("Adams", 20)}`,
    "A1\tConfidence T2 High", "A2\tNegated T2",
    "N1\tReference T1 Wikidata:Q42\tDouglas Adams",
    "*\tEquiv T1 T3",
  ].join("\n") + "\n");

  await page.goto(`/projects/${projectId}`);
  await openProjectPage(page, "Manage", "Export & import");
  await page.getByLabel("Annotation files").setInputFiles([path.join(dir, "adams.txt"), path.join(dir, "adams.ann")]);
  await page.getByRole("button", { name: "Check files" }).click();
  const report = page.getByTestId("annotation-import-report");
  await expect(report.getByTestId("count-accepted")).toHaveText("3");
  await expect(report).toContainText("2 linked to the knowledge base (1 new item).");
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(report).toContainText("Imported.");

  await page.goto(`/documents/${documentId}`);
  await clickHighlight(page, "KCNA");
  const others = page.getByTestId("annotation-details").getByLabel("Other attributes");
  await expect(others.getByRole("term")).toHaveText(["Confidence", "Negated"]);
  await expect(others.getByRole("definition")).toHaveText(["High", "yes"]);
  // Read-only: shown as text, not as a field the form would send back changed.
  await expect(others.getByRole("textbox")).toHaveCount(0);

  await page.goto(`/projects/${projectId}/knowledge`);
  await page.getByRole("link", { name: "Douglas Adams" }).click();
  await expect(page.getByTestId("external-ids")).toHaveText("Wikidata:Q42");
  await expect(page.getByTestId("mention-count")).toHaveText("2");
});
