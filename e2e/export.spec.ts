import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { readZip } from "../lib/formats/import/zip-reader";
import { addMember, demoAccounts, labelIds, newUser, projectWithDocument, signedInPage, signIn, signUpViaApi, uuidv7, openProjectPage } from "./fixtures";

// Export and import as a researcher does it: choose what to export, check it, download it with
// progress; the files hold exactly the spans of the text; a doccano file from elsewhere imports
// with a report; a workbench export restores (and a second restore changes nothing).

const TEXT = "🇰🇵 Kim Jong Un 👍🏽 met Vladimir Putin in Vladivostok.\r\n金正恩 visited the cosmodrome.";
const CANONICAL = TEXT.replace(/\r\n/g, "\n");
const cp = (needle: string) => {
  const start = [...CANONICAL.slice(0, CANONICAL.indexOf(needle))].length;
  return { start, end: start + [...needle].length, exact: needle };
};
const slice = (text: string, start: number, end: number) => [...text].slice(start, end).join("");

test("export in each format with progress and a summary; import a doccano file with a report; restore from the workbench format", async ({ page, browser, request }) => {
  const owner = newUser("owner");
  const amina = newUser("amina");
  const bruno = newUser("bruno");
  for (const u of [owner, amina, bruno]) await signUpViaApi(request, u);
  await signIn(page, owner);
  const { projectId, documentId } = await projectWithDocument(page, `Export ${owner.name}`, TEXT);
  for (const u of [amina, bruno]) await addMember(page, projectId, u, "ANNOTATOR");
  const label = await labelIds(page, projectId);
  for (const [user, items] of [
    [amina, [["Kim Jong Un", "Person"], ["Vladivostok.\n金正恩", "Meeting/Visit"], ["金正恩", "Person"]]],
    [bruno, [["Kim Jong Un", "Person"], ["Vladivostok", "Organization"]]],
  ] as const) {
    const p = await signedInPage(browser, user);
    for (const [needle, name] of items) {
      expect((await p.request.post(`/api/documents/${documentId}/annotations`, { data: { id: uuidv7(), labelId: label(name), ...cp(needle) } })).status()).toBe(201);
    }
    await p.context().close();
  }
  expect((await page.request.post(`/api/documents/${documentId}/curation/merge`)).status()).toBe(200);

  // W3C: check first, then download with progress. By default the annotators' layers, kept apart
  // (each annotation names its creator), and not the gold layer.
  await page.goto(`/projects/${projectId}`);
  await openProjectPage(page, "Manage", "Export & import");
  await page.getByLabel("Format").selectOption({ label: "W3C Web Annotation (JSON-LD)" });
  await expect(page.getByLabel("Layers")).toHaveValue("annotators");
  await page.getByRole("button", { name: "Check what it will hold" }).click();
  await expect(page.getByTestId("summary-annotations")).toHaveText("5");
  const layerRows = page.getByTestId("export-layers").getByRole("row");
  await expect(layerRows.filter({ hasText: amina.name }).getByRole("cell").nth(1)).toHaveText("3");
  await expect(layerRows.filter({ hasText: bruno.name }).getByRole("cell").nth(1)).toHaveText("2");
  await expect(layerRows.filter({ hasText: "Gold layer" })).toHaveCount(0);
  const [w3cDownload] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export", exact: true }).click()]);
  await expect(page.getByTestId("export-progress")).toContainText("Done:");
  const w3c = JSON.parse(fs.readFileSync(await w3cDownload.path(), "utf8"));
  expect(w3c.type).toBe("AnnotationCollection");
  expect(w3c["@context"]).toContain("http://www.w3.org/ns/anno.jsonld");
  const tagging = w3c.first.items.filter((i: { motivation: string }) => i.motivation === "tagging");
  expect(tagging).toHaveLength(5);
  expect(tagging.filter((i: { creator: { name: string } }) => i.creator.name === amina.name)).toHaveLength(3);
  for (const item of tagging) {
    const quote = item.target.selector.find((s: { type: string }) => s.type === "TextQuoteSelector");
    const position = item.target.selector.find((s: { type: string }) => s.type === "TextPositionSelector");
    expect(slice(CANONICAL, position.start, position.end)).toBe(quote.exact);
    expect(item.target.source).toMatch(new RegExp(`/documents/${documentId}$`));
  }

  // CSV of the gold layer only.
  await page.getByLabel("Format").selectOption({ label: "CSV (one row per annotation)" });
  await page.getByLabel("Layers").selectOption({ label: "Gold layer only (curated)" });
  const [csvDownload] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export", exact: true }).click()]);
  const csv = fs.readFileSync(await csvDownload.path(), "utf8");
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  const rows = csv.trim().split("\r\n");
  expect(rows).toHaveLength(2);
  expect(rows[1]).toContain("Kim Jong Un");

  // doccano: one <annotator>.jsonl per annotator in a zip, as doccano itself exports.
  await page.getByLabel("Format").selectOption({ label: "doccano JSONL" });
  await page.getByLabel("Layers").selectOption({ label: "Annotators’ layers, kept apart" });
  const [doccanoDownload] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export", exact: true }).click()]);
  expect(doccanoDownload.suggestedFilename()).toMatch(/-jsonl\.zip$/);
  const perAnnotator = readZip(fs.readFileSync(await doccanoDownload.path())).filter((e) => e.path.endsWith(".jsonl"));
  expect(perAnnotator).toHaveLength(2);
  const byAnnotator = new Map(perAnnotator.map((e) => {
    const [line] = Buffer.from(e.data).toString("utf8").trim().split("\n").map((l) => JSON.parse(l));
    return [line.annotator, line.label.length];
  }));
  expect(byAnnotator).toEqual(new Map([[amina.name, 3], [bruno.name, 2]]));

  // Mixing every layer into one file is a choice that warns, before and after checking.
  await page.getByLabel("Layers").selectOption({ label: "Everything mixed into one file" });
  await expect(page.getByTestId("mixed-layers-warning")).toContainText("spans repeat, possibly with conflicting labels");
  await page.getByRole("button", { name: "Check what it will hold" }).click();
  await expect(page.getByTestId("summary-annotations")).toHaveText("6");
  await expect(page.getByTestId("export-summary-warning")).toContainText("conflicting labels");

  // The API streams brat as a zip; a bad format is a clear 400; a stranger sees nothing.
  const brat = await page.request.get(`/api/projects/${projectId}/export?format=brat`);
  expect(brat.status()).toBe(200);
  expect(brat.headers()["content-type"]).toBe("application/zip");
  expect((await brat.body()).subarray(0, 2).toString()).toBe("PK");
  const bad = await page.request.get(`/api/projects/${projectId}/export?format=xlsx`);
  expect(bad.status()).toBe(400);
  expect((await bad.json()).issues[0].message).toContain("format must be one of");
  const oldLayer = await page.request.get(`/api/projects/${projectId}/export/summary?format=csv&layer=all`);
  expect(oldLayer.status()).toBe(400);
  expect((await oldLayer.json()).issues[0].message).toContain("layer was replaced by layers");
  const stranger = newUser("stranger");
  await signUpViaApi(request, stranger);
  const strangerPage = await signedInPage(browser, stranger);
  expect((await strangerPage.request.get(`/api/projects/${projectId}/export?format=native`)).status()).toBe(404);
  await strangerPage.context().close();

  // A doccano file from elsewhere: one span fine, one with a label this project lacks.
  const doccano = `${JSON.stringify({ text: "Putin visited Pyongyang in June 2024.", label: [[0, 5, "PERSON"], [14, 23, "City"]] })}\n`;
  const file = test.info().outputPath("from-doccano.jsonl");
  fs.writeFileSync(file, doccano);
  await page.getByLabel("Annotation files").setInputFiles(file);
  await page.getByRole("button", { name: "Check files" }).click();
  const report = page.getByTestId("annotation-import-report");
  await expect(report.getByTestId("count-accepted")).toHaveText("1");
  await expect(report.getByTestId("count-refused")).toHaveText("1");
  await expect(report.getByTestId("import-row").filter({ hasText: "City" })).toContainText('this project has no label "City"');
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(report).toContainText("Imported.");
  await page.getByRole("button", { name: "Check files" }).click();
  await expect(report.getByTestId("count-duplicate")).toHaveText("1");
  await expect(report.getByTestId("count-accepted")).toHaveText("0");

  // UTF-16 offsets (a JavaScript tool's) that would also fit as code points, elsewhere: asked, not guessed.
  const summit = "Summit 🤝 in Vladivostok: 김정은 met Putin.";
  const utf16File = test.info().outputPath("utf16.jsonl");
  fs.writeFileSync(utf16File, `${JSON.stringify({ text: summit, label: [[summit.indexOf("김정은"), summit.indexOf("김정은") + 3, "PERSON"]] })}\n`);
  await page.getByLabel("Annotation files").setInputFiles(utf16File);
  await page.getByRole("button", { name: "Check files" }).click();
  await expect(page.getByText(/Choose the offset unit/)).toBeVisible();
  await page.getByLabel("doccano offsets count").selectOption("utf16");
  await page.getByRole("button", { name: "Check files" }).click();
  await expect(report.getByTestId("count-accepted")).toHaveText("1");
  await expect(report.getByTestId("import-row")).toContainText("“김정은”");
  await expect(report).toContainText("Offsets read as UTF-16 units.");
  await page.goto(`/projects/${projectId}`);
  await expect(page.getByRole("link", { name: "Putin visited Pyongyang in June 2024." })).toBeVisible();

  // The workbench format: the project is already here, so restoring it changes nothing.
  const nativeExport = await page.request.get(`/api/projects/${projectId}/export?format=native`);
  const nativeFile = test.info().outputPath("backup.json");
  fs.writeFileSync(nativeFile, await nativeExport.body());
  expect(JSON.parse(fs.readFileSync(nativeFile, "utf8")).documents).toHaveLength(2);
  await page.goto("/projects");
  await page.getByLabel("Workbench export (.json)").setInputFiles(nativeFile);
  await page.getByRole("button", { name: "Check file" }).click();
  await expect(page.getByRole("main").getByRole("status")).toContainText("is already on this instance");
});

test("the sample project exports in every format, each span matching its text", async ({ page }) => {
  const accounts = demoAccounts();
  await signIn(page, { email: "annotator1@demo.workbench", password: accounts["annotator1@demo.workbench"] });
  const projects = (await (await page.request.get("/api/projects")).json()).projects as { id: string; name: string }[];
  const demo = projects.find((p) => p.name === "DPRK–Russia relations")!;
  // Tag the 2019 summit in the first article, so there is something to export whatever ran before.
  const documents = (await (await page.request.get(`/api/projects/${demo.id}/documents`)).json()).documents as { id: string }[];
  const texts = new Map<string, string>();
  for (const d of documents) texts.set(d.id, (await (await page.request.get(`/api/documents/${d.id}`)).json()).text);
  const needle = "Vladivostok";
  const doc = { id: [...texts].find(([, text]) => text.includes(needle))![0], text: [...texts].find(([, text]) => text.includes(needle))![1] };
  const label = await labelIds(page, demo.id);
  const at = [...doc.text.slice(0, doc.text.indexOf(needle))].length;
  expect((await page.request.post(`/api/documents/${doc.id}/annotations`, { data: { id: uuidv7(), labelId: label("Location"), start: at, end: at + needle.length, exact: needle } })).status()).toBe(201);

  for (const format of ["native", "w3c", "jsonl", "jsonl-rich", "csv", "brat", "conll"]) {
    const response = await page.request.get(`/api/projects/${demo.id}/export?format=${format}`);
    expect(response.status(), format).toBe(200);
    expect(Number(response.headers()["x-export-annotations"])).toBeGreaterThan(0);
    const body = await response.body();
    expect(body.length, format).toBeGreaterThan(0);
    if (format === "w3c") {
      for (const item of JSON.parse(body.toString("utf8")).first.items.filter((i: { motivation: string }) => i.motivation === "tagging")) {
        const [quote, position] = ["TextQuoteSelector", "TextPositionSelector"].map((t) => item.target.selector.find((s: { type: string }) => s.type === t));
        expect(slice(texts.get(item.target.source.split("/documents/")[1])!, position.start, position.end)).toBe(quote.exact);
      }
    }
    if (format === "jsonl") {
      // One file per annotator in a zip; each line says whose it is.
      const files = readZip(body).filter((e) => e.path.endsWith(".jsonl"));
      expect(files.length).toBeGreaterThan(0);
      for (const file of files) {
        for (const line of Buffer.from(file.data).toString("utf8").trim().split("\n").map((l) => JSON.parse(l))) {
          expect(line.annotator_id).toMatch(/^[0-9a-f-]{36}$/);
          for (const [start, end] of line.label) expect(slice(line.text, start, end).length).toBe(end - start);
        }
      }
    }
  }
});
