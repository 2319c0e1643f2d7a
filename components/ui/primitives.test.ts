import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { expect, test } from "vitest";
import { Panel, Card } from "./panel";
import { Table, THead, TBody, Th, Td } from "./table";
import { Tabs } from "./tabs";
import { Dialog } from "./dialog";

test("a Panel with a title is a section named by its heading, at the level asked for", () => {
  const html = renderToStaticMarkup(h(Panel, { title: "Layers", level: 3, tone: "info", className: "p-1" }, "body"));
  const headingId = /<h3 id="([^"]+)"/.exec(html)?.[1];
  expect(headingId).toBeTruthy();
  expect(html).toContain(`<section aria-labelledby="${headingId}"`);
  expect(html).toMatch(/class="[^"]*\bp-1\b[^"]*"/);
  expect(html).not.toMatch(/class="[^"]*\bp-3\b/);
  // Without a title it is a plain box, not a landmark.
  expect(renderToStaticMarkup(h(Card, { tone: "selected" }, "x"))).toMatch(/^<div class="[^"]*border-blue-700/);
});

test("Table headers are column headers that never wrap; a truncated cell keeps to one line", () => {
  const html = renderToStaticMarkup(
    h(Table, { "aria-label": "Documents" }, h(THead, null, h("tr", null, h(Th, null, "Title"))), h(TBody, null, h("tr", null, h(Td, { wrap: "truncate", title: "A long title" }, "A long title")))),
  );
  expect(html).toContain('<div class="overflow-x-auto"><table aria-label="Documents"');
  expect(html).toMatch(/<th scope="col" class="[^"]*whitespace-nowrap/);
  // The width limit sits on a block inside the cell (browsers ignore max-width on cells), with the full text as its title.
  expect(html).toMatch(/<td class="[^"]*"><span class="block max-w-\[24rem\] truncate" title="A long title">A long title<\/span><\/td>/);
});

test("Tabs follow the ARIA tabs pattern: one selected tab in the tab order, panels labelled by their tabs", () => {
  const html = renderToStaticMarkup(h(Tabs, { label: "Views", defaultTab: "b", tabs: [{ id: "a", label: "First", content: "one" }, { id: "b", label: "Second", content: "two" }] }));
  expect(html).toContain('role="tablist" aria-label="Views"');
  const tabs = [...html.matchAll(/<button[^>]*role="tab"[^>]*>/g)].map((m) => m[0]);
  expect(tabs).toHaveLength(2);
  expect(tabs[0]).toContain('aria-selected="false"');
  expect(tabs[0]).toContain('tabindex="-1"');
  expect(tabs[1]).toContain('aria-selected="true"');
  expect(tabs[1]).toContain('tabindex="0"');
  const panelId = /aria-controls="([^"]+)"/.exec(tabs[1])![1];
  const tabId = /id="([^"]+)"/.exec(tabs[1])![1];
  expect(html).toContain(`role="tabpanel" id="${panelId}" aria-labelledby="${tabId}"`);
  expect(html).toContain("two");
  expect(html).not.toContain("one");
});

test("a Dialog is a native <dialog> named by its title, its content rendered only while open", () => {
  const closed = renderToStaticMarkup(h(Dialog, { open: false, onClose: () => {}, title: "Keyboard shortcuts", children: "content" }));
  expect(closed).toMatch(/^<dialog aria-labelledby="([^"]+)"[^>]*><h2 id="\1"[^>]*>Keyboard shortcuts<\/h2><\/dialog>$/);
  expect(closed).not.toContain("content");
});
