import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { expect, test } from "vitest";
import { Button } from "./form";
import { Badge } from "./badge";
import { Input } from "./form";

const classesOf = (html: string) => (/class="([^"]*)"/.exec(html)?.[1] ?? "").split(" ");

test("a className passed to Button replaces the base padding instead of losing to it", () => {
  const classes = classesOf(renderToStaticMarkup(createElement(Button, { variant: "secondary", className: "px-2 py-0.5" }, "Show")));
  expect(classes).toContain("px-2");
  expect(classes).toContain("py-0.5");
  expect(classes).not.toContain("px-3");
  expect(classes).not.toContain("py-2");
  // The tone is kept.
  expect(classes).toContain("border-slate-300");
});

test("Button sizes and tones come from variants, and a button never submits a form by accident", () => {
  const html = renderToStaticMarkup(createElement(Button, { size: "sm", variant: "danger" }, "Delete"));
  expect(html).toContain('type="button"');
  expect(classesOf(html)).toEqual(expect.arrayContaining(["px-2", "py-0.5", "text-xs", "text-red-800"]));
  expect(classesOf(html)).not.toContain("text-sm");
  expect(renderToStaticMarkup(createElement(Button, { type: "submit" }, "Save"))).toContain('type="submit"');
});

test("a width passed to Input replaces its full width", () => {
  const classes = classesOf(renderToStaticMarkup(createElement(Input, { className: "w-16 mt-0" })));
  expect(classes).toContain("w-16");
  expect(classes).not.toContain("w-full");
  expect(classes).not.toContain("mt-1");
});

test("Badge tones override each other rather than stacking", () => {
  const classes = classesOf(renderToStaticMarkup(createElement(Badge, { tone: "success", className: "text-base" }, "Finished")));
  expect(classes).toContain("bg-green-50");
  expect(classes).toContain("text-base");
  expect(classes).not.toContain("text-xs");
});
