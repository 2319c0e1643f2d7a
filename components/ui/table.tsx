// Data tables: horizontal scroll instead of squeezed columns, compact or comfortable density, and
// cells that truncate to one line with the full text in a title (long titles never wrap into
// three-line cells).
import type { HTMLAttributes, TdHTMLAttributes, ThHTMLAttributes, TableHTMLAttributes } from "react";
import { cva, type VariantProps } from "class-variance-authority";
import { cn } from "./cn";

export function Table({ className, ...props }: TableHTMLAttributes<HTMLTableElement>) {
  return (
    <div className="overflow-x-auto">
      <table {...props} className={cn("min-w-full divide-y divide-slate-200 rounded border border-slate-200 bg-white text-sm", className)} />
    </div>
  );
}

export function THead({ className, ...props }: HTMLAttributes<HTMLTableSectionElement>) {
  return <thead {...props} className={cn("bg-slate-100 text-left", className)} />;
}

export function TBody({ className, ...props }: HTMLAttributes<HTMLTableSectionElement>) {
  return <tbody {...props} className={cn("divide-y divide-slate-100", className)} />;
}

export const cellVariants = cva("", {
  variants: {
    size: { sm: "px-2 py-1", md: "px-3 py-2" },
    // Named "numeric", not "align": the HTML attribute align would clash with it.
    numeric: { false: "text-left", true: "text-right tabular-nums" },
    // "truncate" is drawn by Td on a block inside the cell: browsers ignore max-width on cells.
    wrap: { wrap: "", nowrap: "whitespace-nowrap", truncate: "" },
  },
  defaultVariants: { size: "md", numeric: false, wrap: "wrap" },
});

type CellVariants = VariantProps<typeof cellVariants>;

export function Th({ size, numeric, wrap = "nowrap", className, ...props }: ThHTMLAttributes<HTMLTableCellElement> & CellVariants) {
  return <th scope="col" {...props} className={cn(cellVariants({ size, numeric, wrap }), "font-semibold", className)} />;
}

export function Td({ size, numeric, wrap, className, title, children, ...props }: TdHTMLAttributes<HTMLTableCellElement> & CellVariants) {
  return (
    <td {...props} title={wrap === "truncate" ? undefined : title} className={cn(cellVariants({ size, numeric, wrap }), className)}>
      {wrap === "truncate" ? <span className="block max-w-[24rem] truncate" title={title}>{children}</span> : children}
    </td>
  );
}
