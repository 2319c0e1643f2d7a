// Where a document's open goes (BENCH_BREAKDOWN=1 in bench/viewer.ts): one open traced with the
// DevTools protocol, printed as milestones (first byte, HTML done, the viewer's marks, painted),
// what the page carries (HTML bytes, the RSC payload kept in `self.__next_f`), the renderer main
// thread's self time per kind of work up to "painted", the long tasks of the open and of a scroll
// top to bottom, and what the JS heap holds after GC (a heap snapshot summed by constructor, and
// the large strings: copies of the text show there).
import path from "node:path";
import type { Browser, BrowserContext, Page } from "@playwright/test";
import { summarise, writeHeapSnapshot } from "./heap-summary";
import { ROOT } from "./workbench-server";

type TraceEvent = { name: string; ph: string; ts: number; dur?: number; pid: number; tid: number; args?: Record<string, unknown>; cat?: string };

const CATEGORIES = [
  "devtools.timeline",
  "disabled-by-default-devtools.timeline",
  "v8.execute",
  "v8",
  "blink.user_timing",
  "loading",
  "navigation",
  "blink",
  "toplevel",
];

function mainThread(events: TraceEvent[]): { pid: number; tid: number } {
  const names = events.filter((e) => e.ph === "M" && e.name === "thread_name" && (e.args as { name?: string })?.name === "CrRendererMain");
  let best = { pid: 0, tid: 0, busy: -1 };
  for (const t of names) {
    const busy = events.filter((e) => e.pid === t.pid && e.tid === t.tid && e.ph === "X" && e.name === "RunTask").reduce((s, e) => s + (e.dur ?? 0), 0);
    if (busy > best.busy) best = { pid: t.pid, tid: t.tid, busy };
  }
  return best;
}

/** Self time (µs) per event name of complete events on one thread within [from, to]. */
function selfTimes(events: TraceEvent[], from: number, to: number): Map<string, number> {
  const xs = events.filter((e) => e.ph === "X" && e.dur !== undefined && e.ts >= from && e.ts <= to).sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const self = new Map<string, number>();
  const stack: { e: TraceEvent; child: number }[] = [];
  const close = (until: number) => {
    while (stack.length && stack.at(-1)!.e.ts + stack.at(-1)!.e.dur! <= until) {
      const { e, child } = stack.pop()!;
      self.set(e.name, (self.get(e.name) ?? 0) + Math.max(0, e.dur! - child));
    }
  };
  for (const e of xs) {
    close(e.ts);
    if (stack.length) stack.at(-1)!.child += e.dur!;
    stack.push({ e, child: 0 });
  }
  close(Infinity);
  return self;
}

function printSelf(title: string, self: Map<string, number>, top = 16) {
  const rows = [...self].filter(([name]) => name !== "ThreadControllerImpl::RunTask").sort((a, b) => b[1] - a[1]).slice(0, top);
  console.log(`  ${title}: ${rows.map(([n, us]) => `${n} ${(us / 1000).toFixed(1)}`).join(", ")} (ms)`);
}

function longTasks(events: TraceEvent[], origin: number, min = 50_000) {
  const tasks = events.filter((e) => e.ph === "X" && e.name === "RunTask" && (e.dur ?? 0) >= min);
  // The 12 longest, in time order.
  const kept = new Set([...tasks].sort((a, b) => b.dur! - a.dur!).slice(0, 12));
  return [`    ${tasks.length} such tasks${tasks.length > kept.size ? ` (the ${kept.size} longest shown)` : ""}`].concat(tasks
    .filter((t) => kept.has(t))
    .map((t) => {
      const inner = events.filter((e) => e.ts >= t.ts && e.ts + (e.dur ?? 0) <= t.ts + t.dur! && e !== t);
      const self = [...selfTimes(inner, t.ts, t.ts + t.dur!)].sort((a, b) => b[1] - a[1]).slice(0, 6);
      return `    at ${((t.ts - origin) / 1000).toFixed(0)} ms: ${(t.dur! / 1000).toFixed(0)} ms — ${self.map(([n, us]) => `${n} ${(us / 1000).toFixed(0)}`).join(", ")}`;
    }));
}

export type CpuProfile = { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number } }[]; samples: number[]; timeDeltas: number[] };

/** Self time (µs) per function of a sampled CPU profile: each sample's interval goes to the function on top of the stack. */
export function jsSelfTimes(profile: CpuProfile): Map<string, number> {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const f = byNode.get(id)!;
    if (f.functionName === "(idle)" || f.functionName === "(program)") return;
    const key = `${f.functionName || "(anonymous)"}${f.url ? ` ${f.url.split("/").pop()}:${f.lineNumber + 1}:${f.columnNumber + 1}` : ""}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
  });
  return self;
}

async function traced<T>(browser: Browser, page: Page, run: () => Promise<T>): Promise<{ value: T; events: TraceEvent[] }> {
  await browser.startTracing(page, { categories: CATEGORIES });
  const value = await run();
  const buffer = await browser.stopTracing();
  const parsed = JSON.parse(buffer.toString("utf8")) as { traceEvents: TraceEvent[] } | TraceEvent[];
  return { value, events: Array.isArray(parsed) ? parsed : parsed.traceEvents };
}

/** `run` traced; its tasks over 50 ms printed with what they spent their time on (and the trace's events returned). */
export async function withLongTasksTraced<T>(page: Page, title: string, run: () => Promise<T>): Promise<{ value: T; thread: TraceEvent[]; origin: number }> {
  const { value, events } = await traced(page.context().browser()!, page, run);
  const main = mainThread(events);
  const thread = events.filter((e) => e.pid === main.pid && e.tid === main.tid);
  const origin = thread.reduce((m, e) => (e.ph === "X" && e.ts < m ? e.ts : m), Infinity);
  console.log(`  ${title}, tasks over 50 ms:`);
  for (const line of longTasks(thread, origin)) console.log(line);
  return { value, thread, origin };
}

/** Heap snapshot of the page after GC, summed by kind; the largest strings listed (copies of the text show there). */
async function heapSummary(page: Page) {
  console.log(summarise(await writeHeapSnapshot(page, path.join(ROOT, ".data", "bench-profiles", "heap-open.heapsnapshot"))));
}

/**
 * Waits (a minute at most) until our viewer has laid out the whole text after the open
 * (components/viewer/lay-out-ahead.ts marks it); when that was, in ms after navigation — NaN for a
 * page without the viewer (Recogito's) or past the minute.
 */
export function whenLaidOut(page: Page): Promise<number> {
  return page.evaluate(async () => {
    if (!document.querySelector(".viewer-text")) return NaN;
    const until = performance.now() + 60_000;
    while (!performance.getEntriesByName("viewer:laid-out").length && performance.now() < until) await new Promise((r) => setTimeout(r, 100));
    return performance.getEntriesByName("viewer:laid-out")[0]?.startTime ?? NaN;
  });
}

export async function openBreakdown(browser: Browser, context: BrowserContext, url: string, documentId: string, annotations: number) {
  console.log("\nOpen breakdown (one traced open):");
  const page = await context.newPage();
  const { value: painted, events } = await traced(browser, page, async () => {
    await page.goto(`${url}/documents/${documentId}`, { waitUntil: "commit" });
    return page.evaluate(async (expected) => {
      const w = window as unknown as { __paintedCount: number; __nextPaint: (k: string) => Promise<unknown>; __afterFrame: () => Promise<number> };
      while (w.__paintedCount < expected) await w.__nextPaint("added");
      return w.__afterFrame();
    }, annotations);
  });
  const page_ = await page.evaluate(() => {
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
    const marks = performance.getEntriesByType("mark").filter((m) => m.name.startsWith("viewer:")).map((m) => [m.name, m.startTime] as const);
    const chunks = ((self as unknown as { __next_f?: unknown[] }).__next_f ?? []) as unknown[];
    const rscChars = chunks.reduce<number>((s, c) => s + (Array.isArray(c) && typeof c[1] === "string" ? c[1].length : 0), 0);
    const scripts = performance.getEntriesByType("resource").filter((r) => r.name.includes("/_next/static/")) as PerformanceResourceTiming[];
    return {
      requestStart: nav.requestStart, responseStart: nav.responseStart, responseEnd: nav.responseEnd, domInteractive: nav.domInteractive,
      domContentLoaded: nav.domContentLoadedEventEnd, htmlBytes: nav.encodedBodySize, htmlDecoded: nav.decodedBodySize, marks, rscChunks: chunks.length, rscChars,
      scripts: scripts.length, scriptBytes: scripts.reduce((s, r) => s + r.decodedBodySize, 0), scriptsDone: Math.max(0, ...scripts.map((r) => r.responseEnd)),
    };
  });
  console.log(`  request sent ${page_.requestStart.toFixed(0)} ms; first byte ${page_.responseStart.toFixed(0)} ms (server ${(page_.responseStart - page_.requestStart).toFixed(0)} ms); HTML done ${page_.responseEnd.toFixed(0)} ms; DOM interactive ${page_.domInteractive.toFixed(0)} ms; DOMContentLoaded ${page_.domContentLoaded.toFixed(0)} ms; scripts loaded ${page_.scriptsDone.toFixed(0)} ms; painted ${painted.toFixed(0)} ms`);
  console.log(`  marks: ${page_.marks.map(([n, t]) => `${n} ${t.toFixed(0)}`).join(", ") || "none"}`);
  console.log(`  HTML ${(page_.htmlBytes / 1e6).toFixed(2)} MB on the wire (${(page_.htmlDecoded / 1e6).toFixed(2)} MB decoded); self.__next_f: ${page_.rscChunks} chunks, ${(page_.rscChars / 1e6).toFixed(2)} M characters still held; ${page_.scripts} scripts, ${(page_.scriptBytes / 1e6).toFixed(2)} MB`);
  const main = mainThread(events);
  const thread = events.filter((e) => e.pid === main.pid && e.tid === main.tid);
  const nav = events.find((e) => e.name === "navigationStart" && e.pid === main.pid) ?? thread.find((e) => e.ph === "X");
  const origin = nav?.ts ?? 0;
  printSelf(`main thread self time, navigation → painted (${(painted).toFixed(0)} ms)`, selfTimes(thread, origin, origin + painted * 1000));
  const busy = thread.filter((e) => e.ph === "X" && e.name === "RunTask" && e.ts >= origin && e.ts <= origin + painted * 1000).reduce((s, e) => s + (e.dur ?? 0), 0);
  console.log(`  main thread busy ${(busy / 1000).toFixed(0)} ms of the ${painted.toFixed(0)} ms; tasks over 30 ms:`);
  for (const line of longTasks(thread, origin, 30_000)) console.log(line);
  await heapSummary(page);

  // The scroll: top to bottom one screen per frame, as bench/viewer.ts does, traced — once the whole
  // text has been laid out after the open (lay-out-ahead.ts marks it), as it is by the measured runs' scroll.
  const laidOut = await whenLaidOut(page);
  console.log(`  the whole text laid out at ${laidOut.toFixed(0)} ms after navigation`);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.start");
  const { thread: sThread, origin: sOrigin } = await withLongTasksTraced(page, "scroll top → bottom", () =>
    page.evaluate(async () => {
      window.scrollTo(0, 0);
      await new Promise((r) => setTimeout(r, 300));
      for (let y = 0; y < document.documentElement.scrollHeight; y += window.innerHeight) {
        window.scrollTo(0, y);
        await new Promise((r) => requestAnimationFrame(r));
      }
      await new Promise((r) => setTimeout(r, 300));
    }),
  );
  printSelf("scroll, main thread self time", selfTimes(sThread, sOrigin, Infinity), 12);
  const { profile } = (await cdp.send("Profiler.stop")) as { profile: CpuProfile };
  await cdp.detach();
  printSelf("scroll, JavaScript self time by function", jsSelfTimes(profile), 14);
  await page.close();
}
