// Buttons: tone (primary, secondary, danger, ghost) and size variants; a className passed in wins.
import type { ButtonHTMLAttributes } from "react";
import { cva, type VariantProps } from "class-variance-authority";
import { cn } from "./cn";

export const buttonVariants = cva("rounded font-medium disabled:cursor-not-allowed", {
  variants: {
    variant: {
      primary: "bg-blue-700 text-white hover:bg-blue-800 disabled:bg-blue-300",
      secondary: "border border-slate-300 bg-white text-slate-800 hover:bg-slate-100 disabled:text-slate-600",
      danger: "border border-red-300 bg-white text-red-800 hover:bg-red-50 disabled:text-red-400",
      ghost: "text-slate-800 hover:bg-slate-100 disabled:text-slate-600",
    },
    size: {
      sm: "px-2 py-0.5 text-xs",
      md: "px-3 py-2 text-sm",
    },
  },
  defaultVariants: { variant: "primary", size: "md" },
});

export type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & VariantProps<typeof buttonVariants>;

export function Button({ variant, size, className, ...props }: ButtonProps) {
  return <button type="button" {...props} className={cn(buttonVariants({ variant, size }), className)} />;
}
