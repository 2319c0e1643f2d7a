// Bordered boxes for grouped content: a Panel with an optional heading (a labelled section, so
// screen readers can jump to it), and Card for items in a list or grid.
import type { HTMLAttributes, ReactNode } from "react";
import { useId } from "react";
import { cva, type VariantProps } from "class-variance-authority";
import { cn } from "./cn";

export const panelVariants = cva("rounded border bg-white", {
  variants: {
    tone: {
      plain: "border-slate-200",
      info: "border-blue-200 bg-blue-50",
      warning: "border-amber-300 bg-amber-50",
      danger: "border-red-300 bg-red-50",
      selected: "border-blue-700 bg-blue-50 ring-1 ring-blue-700",
    },
    padding: { none: "p-0", sm: "p-2", md: "p-3", lg: "p-4" },
  },
  defaultVariants: { tone: "plain", padding: "md" },
});

type PanelVariantProps = VariantProps<typeof panelVariants>;

export type PanelProps = Omit<HTMLAttributes<HTMLElement>, "title"> &
  PanelVariantProps & {
    /** A heading makes the panel a labelled <section>. */
    title?: ReactNode;
    /** The heading's level, so panels fit the page's outline (h2 by default). */
    level?: 2 | 3 | 4;
    actions?: ReactNode;
  };

export function Panel({ title, level = 2, actions, tone, padding, className, children, ...props }: PanelProps) {
  const headingId = useId();
  const Heading = `h${level}` as const;
  if (title === undefined) {
    return (
      <div {...props} className={cn(panelVariants({ tone, padding }), className)}>
        {children}
      </div>
    );
  }
  return (
    <section aria-labelledby={headingId} {...props} className={cn(panelVariants({ tone, padding }), "space-y-2", className)}>
      <div className="flex items-center gap-2">
        <Heading id={headingId} className="font-semibold text-slate-900">{title}</Heading>
        {actions ? <div className="ml-auto flex items-center gap-2">{actions}</div> : null}
      </div>
      {children}
    </section>
  );
}

export type CardProps = HTMLAttributes<HTMLDivElement> & PanelVariantProps;

export function Card({ tone, padding, className, ...props }: CardProps) {
  return <div {...props} className={cn(panelVariants({ tone, padding }), className)} />;
}
