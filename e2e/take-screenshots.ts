// Screenshots for the README: a fresh workbench, a project with a sample article, overlapping
// spans by two annotators and relations, each scene at 1366×768 and 1920×1080 — the project page;
// the viewer with an annotation selected; overlapping spans told apart (stacked underlines, label
// chips on); a relation in the list highlighting its arc; the details still in view with the text
// scrolled to its end; the next assigned document reached from the viewer (issue 16's walk-through,
// e2e/workspace-walkthrough.spec.ts). Run with `npm run screenshots` (not part of `npm test`: it
// writes files into the repository). SCREENSHOTS_PORT picks the port (default 3190).
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "@playwright/test";
import { ROOT, joinByInvitation, sessionCookie, startWorkbench, type BenchServer } from "../bench/lib/workbench-server";

const OUT = path.join(ROOT, "e2e", "screenshots");
const CORPUS = path.join(ROOT, "prisma", "seed", "corpus");
const SIZES = [{ width: 1366, height: 768 }, { width: 1920, height: 1080 }] as const;
const port = Number(process.env.SCREENSHOTS_PORT ?? 3190);

type Json = Record<string, unknown>;

/** A UUIDv7, as the browser makes annotation ids. */
function uuidv7(): string {
  const hex = Date.now().toString(16).padStart(12, "0") + crypto.randomBytes(10).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function client(url: string, cookie: string) {
  return async <T = Json>(method: string, p: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${url}${p}`, {
      method,
      headers: { cookie, origin: url, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${p} → ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
}

/**
 * Writes a screenshot as a 256-colour PNG (a third of the size, no visible loss on a page of text)
 * through sharp, which Next.js installs for its image optimisation; without it, as taken.
 */
async function save(png: Buffer, name: string) {
  const sharp = (await import("sharp").catch(() => null))?.default;
  const out = sharp ? await sharp(png).png({ palette: true, colours: 256, dither: 0, compressionLevel: 9 }).toBuffer() : png;
  fs.writeFileSync(path.join(OUT, name), out);
}

/** Waits until the page stands still (a pick scrolls the text smoothly). */
const settled = (page: Page) =>
  page.waitForFunction(() => new Promise<boolean>((resolve) => { const y = window.scrollY; setTimeout(() => resolve(window.scrollY === y), 300); }));

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  let server: BenchServer | null = null;
  let browser: Browser | null = null;
  try {
    server = await startWorkbench("screenshots", port);
    const url = server.url;
    const password = `screens-${crypto.randomBytes(6).toString("hex")}-long`;
    const owner = { email: "hana.researcher@example.org", name: "Hana Kim", password };
    const annotator = { email: "jonas.analyst@example.org", name: "Jonas Berg", password };
    const ownerCookie = await sessionCookie(url, owner.email, password, owner.name);
    const annotatorCookie = await sessionCookie(url, annotator.email, password, annotator.name);
    const asOwner = client(url, ownerCookie);
    const asAnnotator = client(url, annotatorCookie);

    const project = await asOwner<{ id: string }>("POST", "/api/projects", { name: "DPRK–Russia relations", description: "State-media coverage of DPRK–Russia summits." });
    // The sample articles, titles and publishers found by the import itself; the first one is annotated.
    const files = fs.readdirSync(CORPUS).filter((f) => f.endsWith(".txt")).sort();
    const imported = await asOwner<{ report: { documentId: string }[] }>("POST", `/api/projects/${project.id}/documents`, {
      // The first article opens with its date rather than a headline: it gets a title of its own.
      documents: files.map((f, i) => ({ text: fs.readFileSync(path.join(CORPUS, f), "utf8"), name: f, ...(i === 0 ? { title: "Fifth anniversary of the first DPRK–Russia summit" } : {}) })),
    });
    const documentId = imported.report[0].documentId;
    await joinByInvitation(url, ownerCookie, annotatorCookie, project.id, annotator.email);

    const { text } = await asOwner<{ text: string }>("GET", `/api/documents/${documentId}`);
    const labels = (await asOwner<{ labels: { id: string; name: string }[] }>("GET", `/api/projects/${project.id}/labels`)).labels;
    const types = (await asOwner<{ relationTypes: { id: string; name: string }[] }>("GET", `/api/projects/${project.id}/relation-types`)).relationTypes;
    const labelId = (name: string) => labels.find((l) => l.name === name)!.id;

    // Offsets are code points into the stored text; the needle's first occurrence after `from`.
    const tag = async (as: typeof asOwner, label: string, needle: string, after = "") => {
      const at = text.indexOf(needle, after ? text.indexOf(after) : 0);
      if (at < 0) throw new Error(`"${needle}" is not in the article`);
      const start = [...text.slice(0, at)].length;
      const created = await as<{ id: string }>("POST", `/api/documents/${documentId}/annotations`, {
        id: uuidv7(), labelId: labelId(label), start, end: start + [...needle].length, exact: needle,
      });
      return created.id;
    };
    const relate = (as: typeof asOwner, type: string, fromId: string, toId: string) =>
      as("POST", `/api/documents/${documentId}/relations`, { id: uuidv7(), typeId: types.find((t) => t.name === type)!.id, fromId, toId });

    // Three levels of nesting in the first sentence: a claim, the meeting it is about, the people in it.
    const claim = await tag(asOwner, "Claim", text.slice(0, text.indexOf("\n")));
    const meeting = await tag(asOwner, "Meeting/Visit", "the first historic meeting between Comrade Kim Jong Un");
    const kim = await tag(asOwner, "Person", "Kim Jong Un");
    const putin = await tag(asOwner, "Person", "Vladimir Vladimirovich Putin");
    await tag(asOwner, "Location", "Democratic People’s Republic of Korea");
    await tag(asOwner, "Location", "Russian Federation");
    await tag(asOwner, "Meeting/Visit", "paid the first official goodwill visit to the Russian Federation");
    await tag(asOwner, "Claim", "This was a historic event that brought about a turning point");
    // The second annotator's layer: the same people, one span drawn wider, one label different.
    await tag(asAnnotator, "Person", "Comrade Kim Jong Un");
    await tag(asAnnotator, "Organization", "Russian Federation");
    await tag(asAnnotator, "Person", "Vladimir Vladimirovich Putin");
    await relate(asOwner, "about", claim, meeting);
    await relate(asOwner, "refers to", claim, kim);
    await relate(asOwner, "refers to", claim, putin);
    // The first three articles are the owner's to annotate: the viewer offers Previous / Next and Mark finished.
    const ownerId = (await asOwner<{ user: { id: string } }>("GET", "/api/auth/session")).user.id;
    for (const report of imported.report.slice(0, 3)) {
      await asOwner("PUT", `/api/projects/${project.id}/assignments`, { documentId: report.documentId, userIds: [ownerId] });
    }
    const secondTitle = (await asOwner<{ title: string }>("GET", `/api/documents/${imported.report[1].documentId}`)).title;

    const executablePath = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => p && fs.existsSync(p));
    const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
    browser = await chromium.launch({ executablePath, args: [...(isRoot ? ["--no-sandbox"] : []), "--disable-gpu"] });
    for (const size of SIZES) {
      const context = await browser.newContext({ viewport: size, baseURL: url });
      const page = await context.newPage();
      await page.goto("/signin");
      await page.getByLabel("Email").fill(owner.email);
      await page.getByLabel("Password").fill(password);
      await page.getByRole("button", { name: "Sign in", exact: true }).click();
      await page.waitForURL(/\/projects$/);

      await page.goto(`/projects/${project.id}`);
      await page.getByRole("heading", { level: 1, name: "DPRK–Russia relations" }).waitFor();
      await save(await page.screenshot(), `project-${size.width}x${size.height}.png`);

      await page.goto(`/documents/${documentId}?annotation=${kim}`);
      await page.getByTestId("annotation-details").getByRole("heading", { name: "“Kim Jong Un”" }).waitFor();
      await page.getByText("Live", { exact: true }).waitFor();
      await settled(page);
      await page.mouse.move(0, 0);
      await save(await page.screenshot(), `viewer-${size.width}x${size.height}.png`);

      // Overlapping and nested spans told apart: one underline each, label chips on.
      const chips = page.getByLabel("Label names on the text");
      await page.getByTestId("annotation-details").getByRole("button", { name: "Close details" }).click();
      await chips.check();
      await page.locator('[data-testid="span-underlines"] .awb-chip').first().waitFor();
      await page.evaluate(() => window.scrollTo(0, 0));
      await settled(page);
      await save(await page.screenshot(), `overlaps-${size.width}x${size.height}.png`);
      await chips.uncheck();

      // A relation picked out in the list beside the text lights up its arc over the text.
      const row = page.getByRole("list", { name: "Relations in this document" }).getByRole("button", { name: /—about→/ });
      await row.hover();
      await page.locator('[data-testid="relation-arcs"] g[data-highlighted="true"]').waitFor();
      await page.evaluate(() => window.scrollTo(0, 0));
      await settled(page);
      await save(await page.screenshot(), `relations-${size.width}x${size.height}.png`);

      // The text scrolled to its end: the selected annotation's details are still beside it.
      await page.goto(`/documents/${documentId}?annotation=${kim}`);
      await page.getByTestId("annotation-details").getByRole("heading", { name: "“Kim Jong Un”" }).waitFor();
      await settled(page);
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      await settled(page);
      await page.mouse.move(0, 0);
      await save(await page.screenshot(), `scrolled-${size.width}x${size.height}.png`);

      // From the first assigned article to the next without going back to the list.
      await page.getByRole("navigation", { name: "Documents" }).getByRole("link", { name: `Next document: ${secondTitle}` }).click();
      await page.getByRole("heading", { level: 1, name: secondTitle }).waitFor();
      await page.getByText("Live", { exact: true }).waitFor();
      await settled(page);
      await save(await page.screenshot(), `next-document-${size.width}x${size.height}.png`);
      await context.close();
    }
    for (const file of fs.readdirSync(OUT)) console.log(`${path.join("e2e/screenshots", file)}  ${(fs.statSync(path.join(OUT, file)).size / 1024).toFixed(0)} KB`);
  } catch (error) {
    console.error(error);
    if (server) console.error(server.output().slice(-4000));
    process.exitCode = 1;
  } finally {
    await browser?.close();
    await server?.stop();
  }
}

await main();
