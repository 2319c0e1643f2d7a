import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { expectHighlight, newUser, selectText, signIn, signUpViaApi, type PaintedHighlight } from "./fixtures";

// A document with 25,000 annotations opens with every highlight painted and takes a new one by
// hotkey: the viewer paints Ranges (CSS Custom Highlight API), not 25,000 elements.
const SPANS = 25_000;

test("a document with 25,000 annotations opens with all of them painted and takes a new annotation", async ({ page, request }) => {
  test.setTimeout(480_000);
  const owner = newUser("large");
  await signUpViaApi(request, owner);
  await signIn(page, owner);
  const project = await page.request.post("/api/projects", { data: { name: `Large ${owner.name}` } });
  expect(project.status()).toBe(201);
  const projectId = (await project.json()).id as string;

  // ASCII text, so doccano's code-point offsets are plain string indexes; one span every other word.
  const lines: string[] = [];
  const label: [number, number, string][] = [];
  let length = 0;
  for (let i = 0; label.length < SPANS; i++) {
    const words = [`Delegation${i}`, "met", `officials${i}`, "in", "Vladivostok", "on", `day${i}`, "again."];
    let offset = length;
    for (const [k, word] of words.entries()) {
      if (k % 2 === 0 && label.length < SPANS) label.push([offset, offset + word.length, k === 4 ? "Location" : "Person"]);
      offset += word.length + 1;
    }
    const line = words.join(" ");
    lines.push(line);
    length += line.length + 1;
  }
  lines.push("A closing line to tag by hand.");
  const text = lines.join("\n");
  const file = test.info().outputPath("large.jsonl");
  fs.writeFileSync(file, `${JSON.stringify({ text, label })}\n`);
  const imported = await page.request.post(`/api/projects/${projectId}/annotation-import`, {
    multipart: { files: { name: "large.jsonl", mimeType: "application/jsonl", buffer: fs.readFileSync(file) } },
    timeout: 180_000,
  });
  expect(imported.status(), await imported.text()).toBe(200);
  const { documents } = await (await page.request.get(`/api/projects/${projectId}/documents`)).json();
  const documentId = documents[0].id as string;

  await page.goto(`/documents/${documentId}`);
  const count = () =>
    page.evaluate(() => {
      let n = 0;
      for (const [name, h] of CSS.highlights) if (!/-(selected|flash)$/.test(name)) n += h.size;
      return n;
    });
  await expect.poll(count, { timeout: 60_000 }).toBe(SPANS);
  // Spot checks: what is painted covers the imported words.
  const sample = await page.evaluate(() => {
    const out: Pick<PaintedHighlight, "id" | "text">[] = [];
    for (const [name, h] of CSS.highlights) {
      if (/-(selected|flash)$/.test(name)) continue;
      for (const r of h) if (out.length < 50) out.push({ id: (r as Range & { annotationId: string }).annotationId, text: (r as Range).toString() });
    }
    return out;
  });
  for (const h of sample) expect(h.text).toMatch(/^(Delegation\d+|officials\d+|Vladivostok|day\d+)$/);

  await expect(page.getByTestId("live-status")).toHaveText("Live");
  await page.getByText("A closing line to tag by hand.").scrollIntoViewIfNeeded();
  await selectText(page, "closing");
  await page.keyboard.press("p");
  await expectHighlight(page, "closing");
  await expect.poll(count).toBe(SPANS + 1);
  await expect(page.getByTestId("save-status")).toHaveText("All changes saved", { timeout: 60_000 });
  const saved = await (await page.request.get(`/api/documents/${documentId}/annotations`)).json();
  expect(saved.annotations).toHaveLength(SPANS + 1);
  expect(saved.annotations.filter((a: { exact: string }) => a.exact === "closing")).toHaveLength(1);
});
