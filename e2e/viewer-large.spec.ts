import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { expectHighlight, newUser, painted, SECOND_INSTANCE, selectText, signIn, signUpViaApi } from "./fixtures";

// A document with 25,000 annotations opens with the highlights on screen painted (and the rest as
// it scrolls) and takes a new one by hotkey: the viewer paints Ranges near the viewport (CSS
// Custom Highlight API), not 25,000 elements.
const SPANS = 25_000;

test("a document with 25,000 annotations opens with its highlights painted, also after scrolling to the end, and takes a new annotation", async ({ page, request }) => {
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
  // Imported through the second app instance: the import holds its server's thread for a minute
  // on a busy machine, and the specs running beside this one use the first.
  const imported = await page.request.post(`${SECOND_INSTANCE}/api/projects/${projectId}/annotation-import`, {
    multipart: { files: { name: "large.jsonl", mimeType: "application/jsonl", buffer: fs.readFileSync(file) } },
    timeout: 180_000,
  });
  expect(imported.status(), await imported.text()).toBe(200);
  const { documents } = await (await page.request.get(`/api/projects/${projectId}/documents`)).json();
  const documentId = documents[0].id as string;

  await page.goto(`/documents/${documentId}`);
  // All of them are in the list; the text shows the ones on screen painted, the first words first.
  await expect(page.getByRole("heading", { name: `Annotations (${SPANS})` })).toBeVisible({ timeout: 60_000 });
  await expectHighlight(page, "Delegation0");
  const top = await painted(page);
  expect(top.length).toBeGreaterThan(20);
  for (const h of top) expect(h.text).toMatch(/^(Delegation\d+|officials\d+|Vladivostok|day\d+)$/);
  // Scrolled to the end, the last imported words are painted too.
  await page.getByText("A closing line to tag by hand.").scrollIntoViewIfNeeded();
  await expectHighlight(page, `day${SPANS / 4 - 1}`);
  await expect(page.getByTestId("live-status")).toHaveText("Live");
  // Every span scrolled past had its range painted; those ranges are static ones. The browser
  // updates every live Range on each change to the page (and keeps unused ones until a garbage
  // collection): with live ranges, each element added or removed anywhere cost time in proportion
  // to the spans scrolled past (about 1 ms each with 20,000; a 5 MB scroll spent 4.8 ms a frame on it).
  expect(await page.evaluate(() => [...new Set([...CSS.highlights].flatMap(([, h]) => [...h].map((r) => r.constructor.name)))])).toEqual(["StaticRange"]);
  // The list beside the text holds every annotation (virtualised, not cut at a few hundred): its
  // last row is reached by scrolling it, and each row tells its place in the whole list.
  const list = page.getByRole("list", { name: "Annotation list" });
  expect(await list.getByRole("listitem").count()).toBeLessThan(100);
  await expect(list.getByRole("listitem").first()).toHaveAttribute("aria-setsize", String(SPANS));
  const last = list.getByRole("button", { name: new RegExp(`“day${SPANS / 4 - 1}”`) });
  await expect
    .poll(async () => {
      await page.getByTestId("annotation-list-scroller").evaluate((el) => el.scrollTo(0, el.scrollHeight));
      return last.count();
    })
    .toBe(1);
  await expect(last.locator("xpath=..")).toHaveAttribute("aria-posinset", String(SPANS));
  // The open laid out only what was on screen; every paragraph is laid out within moments after it
  // (lay-out-ahead.ts), and from then on the text stays where it is: a line read at the end of the
  // document does not move while nothing is done.
  await expect
    .poll(() => page.locator(".viewer-text > p").last().evaluate((p) => getComputedStyle(p).contentVisibility), { timeout: 60_000 })
    .toBe("visible");
  const closing = page.getByText("A closing line to tag by hand.");
  await closing.scrollIntoViewIfNeeded();
  const at = async () => (await closing.boundingBox())!.y;
  const before = await at();
  // Ten frames later (the browser lays out and paints in each): still there.
  await page.evaluate(async () => {
    for (let i = 0; i < 10; i++) await new Promise((r) => requestAnimationFrame(r));
  });
  expect(await at()).toBe(before);
  await selectText(page, "closing");
  await page.keyboard.press("p");
  await expectHighlight(page, "closing");
  await expect(page.getByTestId("save-status")).toHaveText("All changes saved", { timeout: 60_000 });
  const saved = await (await page.request.get(`/api/documents/${documentId}/annotations`)).json();
  expect(saved.annotations).toHaveLength(SPANS + 1);
  expect(saved.annotations.filter((a: { exact: string }) => a.exact === "closing")).toHaveLength(1);
});
