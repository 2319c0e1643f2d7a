// A horizontal bar for a table cell: `value` of `max`, optionally with a part shaded darker
// (e.g. finished of assigned). Pure CSS, so it prints and scales with the table; the number
// beside it is the accessible value.
export function Bar({ value, max, part, color = "#2563eb", label }: { value: number; max: number; part?: number; color?: string; label: string }) {
  const width = max > 0 ? (value / max) * 100 : 0;
  const partWidth = max > 0 && part !== undefined ? (part / max) * 100 : 0;
  return (
    <div className="flex items-center gap-2">
      <div className="relative h-3 w-40 shrink-0 rounded bg-slate-100" role="img" aria-label={label}>
        <div className={`absolute inset-y-0 left-0 rounded ${part !== undefined ? "opacity-40" : ""}`} style={{ width: `${width}%`, backgroundColor: color }} />
        {part !== undefined ? <div className="absolute inset-y-0 left-0 rounded" style={{ width: `${partWidth}%`, backgroundColor: color }} /> : null}
      </div>
    </div>
  );
}
