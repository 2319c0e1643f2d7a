// BENCH_HEAP_SNAPSHOT=1: what a page's JS heap holds after GC, by kind — where a heap figure's
// megabytes are. Reads a V8 heap snapshot taken through the DevTools protocol.
import fs from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";

type Snapshot = {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]]; edge_fields: string[] } };
  nodes: number[];
  strings: string[];
};

export async function writeHeapSnapshot(page: Page, file: string): Promise<string> {
  const cdp = await page.context().newCDPSession(page);
  const chunks: string[] = [];
  cdp.on("HeapProfiler.addHeapSnapshotChunk", (e: { chunk: string }) => chunks.push(e.chunk));
  await cdp.send("HeapProfiler.collectGarbage");
  await cdp.send("HeapProfiler.takeHeapSnapshot", { reportProgress: false });
  await cdp.detach();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, chunks.join(""));
  return file;
}

/** Self sizes summed by node type, and by constructor for objects; the largest strings. */
export function summarise(file: string, top = 15): string {
  const s = JSON.parse(fs.readFileSync(file, "utf8")) as Snapshot;
  const f = s.snapshot.meta.node_fields;
  const types = s.snapshot.meta.node_types[0];
  const width = f.length;
  const [iType, iName, iSize] = [f.indexOf("type"), f.indexOf("name"), f.indexOf("self_size")];
  const byType = new Map<string, number>();
  const byName = new Map<string, { size: number; count: number }>();
  const strings: { size: number; text: string }[] = [];
  let total = 0;
  for (let i = 0; i < s.nodes.length; i += width) {
    const type = types[s.nodes[i + iType]];
    const size = s.nodes[i + iSize];
    total += size;
    byType.set(type, (byType.get(type) ?? 0) + size);
    const name = s.strings[s.nodes[i + iName]];
    const key = type === "object" || type === "closure" || type === "array" || type === "code" || type === "hidden" ? `${type} ${name.slice(0, 60)}` : type;
    const e = byName.get(key) ?? { size: 0, count: 0 };
    e.size += size;
    e.count++;
    byName.set(key, e);
    if (type === "string" || type === "concatenated string" || type === "sliced string") strings.push({ size, text: name });
  }
  const mb = (n: number) => (n / 1024 / 1024).toFixed(2);
  const lines = [`  heap snapshot ${path.basename(file)}: ${mb(total)} MB in ${s.nodes.length / width} nodes`];
  lines.push(`    by type: ${[...byType].sort((a, b) => b[1] - a[1]).map(([t, n]) => `${t} ${mb(n)}`).join(", ")}`);
  for (const [k, e] of [...byName].sort((a, b) => b[1].size - a[1].size).slice(0, top)) lines.push(`    ${mb(e.size)} MB  ×${e.count}  ${k}`);
  strings.sort((a, b) => b.size - a.size);
  for (const x of strings.slice(0, 5)) lines.push(`    string ${mb(x.size)} MB: ${JSON.stringify(x.text.slice(0, 80))}`);
  return lines.join("\n");
}
