// Small status chips (roles, states, counts) in a few tones whose text passes WCAG AA contrast.
import type { HTMLAttributes } from "react";
import { cva, type VariantProps } from "class-variance-authority";
import { cn } from "./cn";

export const badgeVariants = cva("inline-flex items-center rounded-full border font-medium whitespace-nowrap", {
  variants: {
    tone: {
      neutral: "border-slate-300 bg-slate-100 text-slate-800",
      info: "border-blue-200 bg-blue-50 text-blue-900",
      success: "border-green-300 bg-green-50 text-green-900",
      warning: "border-amber-300 bg-amber-50 text-amber-900",
      danger: "border-red-300 bg-red-50 text-red-900",
    },
    size: {
      sm: "px-1.5 py-0 text-xs",
      md: "px-2 py-0.5 text-sm",
    },
  },
  defaultVariants: { tone: "neutral", size: "sm" },
});

export type BadgeProps = HTMLAttributes<HTMLSpanElement> & VariantProps<typeof badgeVariants>;

export function Badge({ tone, size, className, ...props }: BadgeProps) {
  return <span {...props} className={cn(badgeVariants({ tone, size }), className)} />;
}
