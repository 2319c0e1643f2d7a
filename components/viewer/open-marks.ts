// User Timing marks of the open (bench/viewer.ts BENCH_BREAKDOWN reads them), once per page load.
const marked = new Set<string>();

export function markOpen(name: string) {
  if (typeof window === "undefined" || marked.has(name)) return;
  marked.add(name);
  performance.mark(`viewer:${name}`);
}

export const onBeforeCreate = () => markOpen("editor-start");
export const onMount = () => markOpen("editor-mounted");
