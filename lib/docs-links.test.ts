import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";

// The documentation is spread over README files beside the code they describe, linked from the top
// README; a file moved or renamed without its links would leave readers at a dead end.
const ROOT = path.resolve(import.meta.dirname, "..");
const SKIP = new Set(["node_modules", ".git", ".next", ".data", "generated", "test-results", "playwright-report"]);

function markdownFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (SKIP.has(entry.name)) return [];
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(full);
    return entry.name.endsWith(".md") ? [full] : [];
  });
}

// GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered.
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const line of withoutFences(markdown).split("\n")) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const text = heading[1].replace(/`/g, "").replace(/\[([^\]]*)\]\([^)]*\)/g, "$1");
    const base = text.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "").replace(/ /g, "-");
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    result.add(count === 0 ? base : `${base}-${count}`);
  }
  return result;
}

const withoutFences = (markdown: string) => markdown.replace(/^```[\s\S]*?^```/gm, "");

// Links inside code are examples, not links.
const withoutCode = (markdown: string) => withoutFences(markdown).replace(/`[^`\n]*`/g, "");

function links(markdown: string): string[] {
  const text = withoutCode(markdown);
  const inline = [...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]);
  const reference = [...text.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((m) => m[1]);
  return [...inline, ...reference];
}

/** Dead relative links of one markdown file: missing files, or missing headings in a markdown target. */
function deadLinks(file: string, markdown: string, exists: (p: string) => string | null): string[] {
  const dead: string[] = [];
  for (const link of links(markdown)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(link)) continue; // http:, https:, mailto: …
    const [target, fragment] = link.split("#", 2);
    const resolved = target === "" ? file : path.resolve(path.dirname(file), decodeURIComponent(target));
    const content = exists(resolved);
    if (content === null) {
      dead.push(`${link} (no such file)`);
      continue;
    }
    if (fragment && resolved.endsWith(".md") && !anchors(content).has(decodeURIComponent(fragment))) {
      dead.push(`${link} (no such heading)`);
    }
  }
  return dead;
}

const read = (p: string): string | null => {
  if (!fs.existsSync(p)) return null;
  return fs.statSync(p).isDirectory() ? "" : fs.readFileSync(p, "utf8");
};

test("every relative link in the repository's markdown files leads to a file (and heading) that exists", () => {
  const files = markdownFiles(ROOT);
  expect(files).toContain(path.join(ROOT, "README.md"));
  const dead = files.flatMap((file) =>
    deadLinks(file, fs.readFileSync(file, "utf8"), read).map((d) => `${path.relative(ROOT, file)}: ${d}`),
  );
  expect(dead).toEqual([]);
});

// The guarantees table and the READMEs name the tests and modules that show each claim as code
// (`lib/…/x.test.ts`); a renamed test file would leave a claim with nothing behind it.
test("every repository path a markdown file names in code (`lib/…`, `e2e/…`) exists", () => {
  const named = /`((?:app|components|lib|e2e|bench|prisma)\/[^`\s*<]*)`/g;
  const missing = markdownFiles(ROOT).flatMap((file) =>
    [...withoutFences(fs.readFileSync(file, "utf8")).matchAll(named)]
      .map((m) => m[1].replace(/:\d+$/, ""))
      .filter((p) => !fs.existsSync(path.join(ROOT, p)))
      .map((p) => `${path.relative(ROOT, file)}: ${p}`),
  );
  expect(missing).toEqual([]);
});

test("the check finds a missing file, a missing heading, and ignores code and web addresses", () => {
  const file = path.join(ROOT, "docs-example.md");
  const markdown = [
    "# Top",
    "## The `cli` — a tool",
    "[ok](README.md) [here](#top) [code heading](#the-cli--a-tool) [gone](no/such/file.md) [bad anchor](README.md#no-such-heading)",
    "[web](https://example.org/x.md) `[code](nowhere.md)`",
    "```",
    "[fenced](nowhere-either.md)",
    "```",
    "[ref]: lib/missing.ts",
  ].join("\n");
  const dead = deadLinks(file, markdown, (p) => (p === file ? markdown : read(p)));
  expect(dead).toEqual([
    "no/such/file.md (no such file)",
    "README.md#no-such-heading (no such heading)",
    "lib/missing.ts (no such file)",
  ]);
});

test("the top README stays under 15 KB", () => {
  expect(fs.statSync(path.join(ROOT, "README.md")).size).toBeLessThan(15_000);
});
