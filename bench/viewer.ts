// Viewer benchmark: a ~1 MB document with 5,000 annotations from 3 annotators.
//   open  — navigation start → every annotation highlighted and painted (ms)
//   add   — label hotkey pressed → the new highlight painted (ms, median of 15)
//   heap  — JS heap after garbage collection (MB)
// Next to it, in the same Chromium and run: @recogito/text-annotator rendering the same spans
// over the same text. Usage: npx tsx bench/viewer.ts   (not part of npm test)
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { chromium, type Page } from "@playwright/test";
import { build } from "esbuild";
import pg from "pg";
import { OffsetMap, quoteOf } from "../lib/anchoring/offsets";
import { joinByInvitation, median, ROOT, sessionCookie, startWorkbench } from "./lib/workbench-server";

const ANNOTATIONS = Number(process.env.BENCH_ANNOTATIONS ?? 5000);
const TARGET_BYTES = Number(process.env.BENCH_BYTES ?? 1_000_000);
const RUNS = 3;

function generateText(): string {
  const corpusDir = path.join(ROOT, "prisma/seed/corpus");
  const sentences = fs
    .readdirSync(corpusDir)
    .flatMap((f) => fs.readFileSync(path.join(corpusDir, f), "utf8").split(/(?<=[.!?])\s+/))
    .map((s) => s.replace(/\s+/g, " ").trim())
    .filter((s) => s.length > 40);
  const extras = [" 🤝", " 金正恩", " Café", ""];
  const paragraphs: string[] = [];
  let bytes = 0;
  for (let i = 0; bytes < TARGET_BYTES; i++) {
    const paragraph = Array.from({ length: 4 }, (_, k) => sentences[(i * 4 + k) % sentences.length] + extras[(i + k) % extras.length]).join(" ");
    paragraphs.push(paragraph);
    bytes += Buffer.byteLength(paragraph) + 2;
  }
  return paragraphs.join("\n\n").normalize("NFC");
}

type Span = { id: string; start: number; end: number; labelId: string; authorId: string };

function generateSpans(text: string, labels: string[], authors: string[]): Span[] {
  const words = [...text.matchAll(/\p{L}[\p{L}\p{N}'’-]*/gu)].map((m) => ({ start: m.index!, end: m.index! + m[0].length }));
  const map = new OffsetMap(text);
  const spans: Span[] = [];
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const step = Math.max(1, Math.floor(words.length / ANNOTATIONS));
  for (let i = 0; i < ANNOTATIONS; i++) {
    const first = Math.min(words.length - 1, i * step + Math.floor(random() * step));
    const last = Math.min(words.length - 1, first + Math.floor(random() * 6));
    spans.push({
      id: uuid7(),
      start: map.toCodePoint(words[first].start),
      end: map.toCodePoint(words[last].end),
      labelId: labels[Math.floor(random() * labels.length)],
      authorId: authors[i % authors.length],
    });
  }
  return spans;
}

function uuid7(): string {
  const hex = Date.now().toString(16).padStart(12, "0") + crypto.randomBytes(10).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

async function heapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("HeapProfiler.collectGarbage");
  const { usedSize } = (await cdp.send("Runtime.getHeapUsage")) as { usedSize: number };
  await cdp.detach();
  return usedSize / 1024 / 1024;
}

async function recogitoPage(text: string, spans: Span[], colors: Map<string, string>): Promise<{ url: string; close: () => void }> {
  const bundle = await build({
    stdin: { contents: `import { createTextAnnotator, W3CTextFormat } from "@recogito/text-annotator"; window.R = { createTextAnnotator, W3CTextFormat };`, resolveDir: ROOT, loader: "js" },
    bundle: true,
    write: false,
    format: "iife",
    minify: true,
    loader: { ".css": "empty" },
  });
  const css = fs.readFileSync(path.join(ROOT, "node_modules/@recogito/text-annotator/dist/text-annotator.css"), "utf8");
  const map = new OffsetMap(text);
  const w3c = spans.map((s) => ({
    "@context": "http://www.w3.org/ns/anno.jsonld",
    id: s.id,
    type: "Annotation",
    body: [{ purpose: "tagging", value: s.labelId }],
    target: {
      source: "bench-document",
      selector: [
        { type: "TextQuoteSelector", exact: map.slice(s.start, s.end) },
        { type: "TextPositionSelector", start: map.toUtf16(s.start), end: map.toUtf16(s.end) },
      ],
    },
  }));
  const html = `<!doctype html><html><head><meta charset="utf-8"><style>${css}</style></head>
<body style="font-family: system-ui, sans-serif; line-height: 1.6; margin: 24px">
<div id="content" style="white-space: pre-wrap; max-width: 48rem"></div>
<script>${bundle.outputFiles[0].text}</script>
<script>
const text = ${JSON.stringify(text)};
const annotations = ${JSON.stringify(w3c)};
const colors = ${JSON.stringify(Object.fromEntries(colors))};
const el = document.getElementById("content");
el.textContent = text;
const anno = R.createTextAnnotator(el, { adapter: R.W3CTextFormat("bench-document", el), style: (a) => ({ fill: colors[a.bodies[0]?.value] || "#cbd5e1", fillOpacity: 0.5 }) });
anno.setAnnotations(annotations, true);
window.anno = anno;
requestAnimationFrame(() => requestAnimationFrame(() => { window.__painted = performance.now(); }));
</script></body></html>`;
  const server = http.createServer((_req, res) => res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const address = server.address() as { port: number };
  return { url: `http://127.0.0.1:${address.port}/`, close: () => server.close() };
}

async function main() {
  const text = generateText();
  console.log(`Document: ${(Buffer.byteLength(text) / 1e6).toFixed(2)} MB, ${[...text].length.toLocaleString("en")} code points; ${ANNOTATIONS} annotations from 3 annotators`);
  const server = await startWorkbench("viewer", 3200);
  const browser = await chromium.launch({
    executablePath: ["/usr/bin/chromium", process.env.CHROMIUM_PATH].find((p) => p && fs.existsSync(p)),
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  try {
    const cookies = await Promise.all([1, 2, 3].map((n) => sessionCookie(server.url, `bench${n}@bench.local`, "bench-password-123", `Annotator ${n}`)));
    const api = (p: string, init: RequestInit = {}) => fetch(`${server.url}${p}`, { ...init, headers: { "content-type": "application/json", cookie: cookies[0], ...init.headers } });
    const project = (await (await api("/api/projects", { method: "POST", body: JSON.stringify({ name: "Bench" }) })).json()) as { id: string };
    for (const n of [2, 3]) await joinByInvitation(server.url, cookies[0], cookies[n - 1], project.id, `bench${n}@bench.local`);
    const imported = (await (await api(`/api/projects/${project.id}/documents`, { method: "POST", body: JSON.stringify({ documents: [{ text, title: "Bench document" }] }) })).json()) as { report: { documentId: string }[] };
    const documentId = imported.report[0].documentId;
    const { labels } = (await (await api(`/api/projects/${project.id}/labels`)).json()) as { labels: { id: string; color: string; hotkey: string }[] };
    const { members } = (await (await api(`/api/projects/${project.id}/members`)).json()) as { members: { userId: string }[] };
    const spans = generateSpans(text, labels.map((l) => l.id), members.map((m) => m.userId));

    // Bulk-load the annotations straight into the database (setup, not measured).
    const client = new pg.Client({ connectionString: server.databaseUrl });
    await client.connect();
    const map = new OffsetMap(text);
    for (let i = 0; i < spans.length; i += 500) {
      const batch = spans.slice(i, i + 500);
      const values: unknown[] = [];
      const rows = batch.map((s, k) => {
        const q = quoteOf(map, s);
        values.push(s.id, project.id, documentId, s.labelId, s.authorId, s.start, s.end, q.exact, q.prefix, q.suffix);
        const b = k * 10;
        return `($${b + 1},$${b + 2},$${b + 3},$${b + 4},$${b + 5},$${b + 6},$${b + 7},$${b + 8},$${b + 9},$${b + 10},now())`;
      });
      await client.query(`INSERT INTO "Annotation" (id,"projectId","documentId","labelId","authorId",start,"end",exact,prefix,suffix,"updatedAt") VALUES ${rows.join(",")}`, values);
    }
    await client.end();

    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    // tsx keeps function names with a __name() helper that the page does not have.
    await context.addInitScript("window.__name = (f) => f;");
    const [name, value] = cookies[0].split("=");
    await context.addCookies([{ name, value, url: server.url }]);

    // Warm the server and the browser's caches once, then measure.
    const warm = await context.newPage();
    await warm.goto(`${server.url}/documents/${documentId}`);
    await warm.close();

    const opens: number[] = [];
    let page: Page | null = null;
    for (let run = 0; run < RUNS; run++) {
      await page?.close();
      page = await context.newPage();
      await page.goto(`${server.url}/documents/${documentId}`, { waitUntil: "commit" });
      const openMs = await page.evaluate(async (expected) => {
        const count = () => new Set(Array.from(document.querySelectorAll(".viewer-text [data-annotation-id]"), (e) => e.getAttribute("data-annotation-id"))).size;
        while (count() < expected) await new Promise((r) => setTimeout(r, 20));
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        return performance.now();
      }, ANNOTATIONS);
      opens.push(openMs);
      console.log(`  open run ${run + 1}: ${openMs.toFixed(0)} ms`);
      page.on("crash", () => console.error("  page crashed"));
      page.on("pageerror", (e) => console.error("  page error", e.message));
    }
    const ourHeap = await heapMb(page!);

    // Add: select a few words, press the Person hotkey, wait for the new highlight to paint.
    const adds: number[] = [];
    for (let i = 0; i < 15; i++) {
      const ms = await page!.evaluate(async (i) => {
        const root = document.querySelector(".viewer-text")!;
        const paragraphs = Array.from(root.querySelectorAll("p")).filter((p) => p.textContent!.length > 10);
        const p = paragraphs[Math.floor(((i + 1) * paragraphs.length) / 17)];
        const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
        const node = walker.nextNode()!;
        const range = document.createRange();
        range.setStart(node, 0);
        range.setEnd(node, Math.min(5, node.textContent!.length));
        const selection = window.getSelection()!;
        selection.removeAllRanges();
        selection.addRange(range);
        (root as HTMLElement).focus();
        // Wait for the label popover: the selection has reached the editor.
        while (!document.querySelector('[role="toolbar"][aria-label="Tag the selection"]')) await new Promise((r) => setTimeout(r, 5));
        const before = new Set(Array.from(root.querySelectorAll("[data-annotation-id]"), (e) => e.getAttribute("data-annotation-id")));
        const t0 = performance.now();
        const painted = new Promise<number>((resolve) => {
          const observer = new MutationObserver(() => {
            const fresh = Array.from(root.querySelectorAll("[data-annotation-id]")).some((e) => !before.has(e.getAttribute("data-annotation-id")));
            if (fresh) {
              observer.disconnect();
              requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now())));
            }
          });
          observer.observe(root, { childList: true, subtree: true, attributes: true });
        });
        root.dispatchEvent(new KeyboardEvent("keydown", { key: "p", bubbles: true }));
        return (await painted) - t0;
      }, i);
      adds.push(ms);
    }

    // The same spans in @recogito/text-annotator.
    const colors = new Map(labels.map((l) => [l.id, l.color]));
    const recogito = await recogitoPage(text, spans, colors);
    const theirOpens: number[] = [];
    let theirPage: Page | null = null;
    for (let run = 0; run < RUNS; run++) {
      await theirPage?.close();
      theirPage = await context.newPage();
      await theirPage.goto(recogito.url);
      theirOpens.push(await theirPage.waitForFunction(() => (window as unknown as { __painted?: number }).__painted).then((h) => h.jsonValue() as Promise<number>));
    }
    const theirHeap = await heapMb(theirPage!);
    const theirAdds: number[] = [];
    for (let i = 0; i < 15; i++) {
      theirAdds.push(
        await theirPage!.evaluate(async ([i, labelId]) => {
          const anno = (window as unknown as { anno: { addAnnotation: (a: unknown) => void } }).anno;
          const start = 1000 + i * 5000;
          const text = document.getElementById("content")!.textContent!;
          const t0 = performance.now();
          anno.addAnnotation({
            "@context": "http://www.w3.org/ns/anno.jsonld", id: `added-${i}`, type: "Annotation", body: [{ purpose: "tagging", value: labelId }],
            target: { source: "bench-document", selector: [{ type: "TextQuoteSelector", exact: text.slice(start, start + 12) }, { type: "TextPositionSelector", start, end: start + 12 }] },
          });
          await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
          return performance.now() - t0;
        }, [i, labels[0].id] as const),
      );
    }
    recogito.close();

    const ours = { open: median(opens), add: median(adds), heap: ourHeap };
    const theirs = { open: median(theirOpens), add: median(theirAdds), heap: theirHeap };
    console.log("");
    console.log("| measure | workbench viewer | @recogito/text-annotator | ratio (ours / theirs) |");
    console.log("| --- | ---: | ---: | ---: |");
    console.log(`| open: navigation → all highlights painted (median of ${RUNS}) | ${ours.open.toFixed(0)} ms | ${theirs.open.toFixed(0)} ms | ${(ours.open / theirs.open).toFixed(2)} |`);
    console.log(`| add: hotkey → new highlight painted (median of 15) | ${ours.add.toFixed(1)} ms | ${theirs.add.toFixed(1)} ms | ${(ours.add / theirs.add).toFixed(2)} |`);
    console.log(`| JS heap after GC | ${ours.heap.toFixed(1)} MB | ${theirs.heap.toFixed(1)} MB | ${(ours.heap / theirs.heap).toFixed(2)} |`);
    console.log("");
    console.log(`Targets: open < 1500 ms → ${ours.open < 1500 ? "met" : "NOT met"}; add < 50 ms → ${ours.add < 50 ? "met" : "NOT met"}`);
    console.log(`Raw: ours open ${opens.map((v) => v.toFixed(0)).join(", ")} ms; theirs open ${theirOpens.map((v) => v.toFixed(0)).join(", ")} ms`);
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
