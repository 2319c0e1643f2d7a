import { expect, test } from "vitest";
import { safeReturnPath } from "@/lib/server/session/return-path";

test("a path on this site is kept, with its query and hash", () => {
  expect(safeReturnPath("/projects/abc/search?q=treaty#top")).toBe("/projects/abc/search?q=treaty#top");
  expect(safeReturnPath("/documents/1?annotation=2")).toBe("/documents/1?annotation=2");
});

test("anything a browser would resolve to another site, or that is not a path, falls back", () => {
  for (const hostile of ["//evil.example", "/\\evil.example", "/\t/evil.example", "/\n/evil.example", "\\\\evil.example", "https://evil.example/", "javascript:alert(1)", "", undefined]) {
    expect(safeReturnPath(hostile), JSON.stringify(hostile)).toBe("/projects");
  }
});
