// Agreement and progress figures computed by the job and served with their age, on a real
// PostgreSQL: the API answers at once with the last figures (none yet: computing), a change makes
// them stale and queues a recomputation, the job brings them up to date; one document's figures
// are recomputed only when that document changed.
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import type PgBoss from "pg-boss";
import { uuidv7 } from "@/lib/ids";
import { useTestDatabase } from "@/lib/testing/test-database";
import { asUser, documentAccessOf, projectAccessOf } from "@/lib/testing/access";

vi.mock("@/lib/auth", () => ({ auth: async () => null, handlers: {} }));

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

let url: string;
let db: typeof import("@/lib/db").db;
let createAnnotation: typeof import("@/lib/server/annotations/create-annotation").createAnnotation;
let deleteAnnotation: typeof import("@/lib/server/annotations/change-annotation").deleteAnnotation;
let figures: typeof import("@/lib/server/figures/figures");
let computeFigures: typeof import("@/lib/server/figures/compute-figures").computeFigures;
let agreement: typeof import("@/lib/server/agreement/project-agreement");
let progress: typeof import("@/lib/server/progress/project-progress");
let queue: typeof import("@/lib/server/jobs/queue");
let startJobRunner: typeof import("@/lib/server/jobs/runner").startJobRunner;
let routes: { agreement: Handler; progress: Handler; document: Handler };

beforeAll(async () => {
  process.env.FIGURES_DEBOUNCE_SECONDS = "0";
  url = await useTestDatabase();
  ({ db } = await import("@/lib/db"));
  ({ createAnnotation } = await import("@/lib/server/annotations/create-annotation"));
  ({ deleteAnnotation } = await import("@/lib/server/annotations/change-annotation"));
  figures = await import("@/lib/server/figures/figures");
  ({ computeFigures } = await import("@/lib/server/figures/compute-figures"));
  agreement = await import("@/lib/server/agreement/project-agreement");
  progress = await import("@/lib/server/progress/project-progress");
  queue = await import("@/lib/server/jobs/queue");
  ({ startJobRunner } = await import("@/lib/server/jobs/runner"));
  routes = {
    agreement: (await import("@/app/api/projects/[id]/agreement/route")).GET as Handler,
    progress: (await import("@/app/api/projects/[id]/progress/route")).GET as Handler,
    document: (await import("@/app/api/documents/[id]/agreement/route")).GET as Handler,
  };
});

afterAll(async () => {
  await (await queue.senderQueue()).stop({ graceful: false, close: true });
});

const TEXT = "Kim Jong Un met Vladimir Putin in Vladivostok. Kim Jong Un said ties would grow.";
const span = (needle: string) => ({ start: TEXT.indexOf(needle), end: TEXT.indexOf(needle) + needle.length, exact: needle });

let counter = 0;
async function setup() {
  const n = ++counter;
  const { createProject } = await import("@/lib/server/projects/create-project");
  const { createApiToken } = await import("@/lib/server/tokens/create-api-token");
  const owner = await db.user.create({ data: { email: `fig-owner-${n}@a.local`, name: "owner" } });
  const project = await createProject(owner.id, { name: `Figures ${n}`, description: "" });
  const [person, place] = await Promise.all(["Who", "Where"].map((name, i) => db.label.create({ data: { projectId: project.id, name, kind: "ENTITY", color: i ? "#00aa00" : "#aa0000" } })));
  const annotators: { id: string }[] = [];
  for (const name of ["amina", "bruno"]) {
    const user = await db.user.create({ data: { email: `fig-${name}-${n}@a.local`, name } });
    await db.membership.create({ data: { projectId: project.id, userId: user.id, role: "ANNOTATOR" } });
    annotators.push(user);
  }
  const documents: { id: string }[] = [];
  for (let i = 0; i < 2; i++) {
    documents.push(await db.document.create({ data: { projectId: project.id, title: `Doc ${i}`, text: TEXT, contentHash: `fig${n}-${i}`, length: TEXT.length } }));
  }
  const annotate = async (userIndex: number, docIndex: number, labelId: string, needle: string) =>
    (await createAnnotation(await documentAccessOf(annotators[userIndex].id, documents[docIndex].id), { id: uuidv7(), labelId, ...span(needle), attributes: {}, note: "" })).annotation;
  for (const d of [0, 1]) {
    await annotate(0, d, person.id, "Kim Jong Un");
    await annotate(1, d, person.id, "Kim Jong Un");
    await annotate(0, d, place.id, "Vladivostok");
  }
  const { secret } = await createApiToken(owner.id, { name: "figures", projectIds: [project.id], access: "READ", expiresInDays: 7 });
  const get = async (handler: Handler, id: string) => {
    const response = await handler(new Request(`http://workbench.test/api/x/${id}`, { headers: { authorization: `Bearer ${secret}` } }), { params: Promise.resolve({ id }) });
    expect(response.status).toBe(200);
    return (await response.json()) as Record<string, unknown> & { computing: boolean; stale: boolean; computedAt: string | null; ageSeconds: number | null };
  };
  return { owner, project, annotators, documents, person, place, annotate, get, access: () => projectAccessOf(owner.id, project.id) };
}

test("GET agreement answers at once with the last figures, their age, and computing while the job recomputes after a change", async () => {
  const s = await setup();
  // Nothing computed yet: no figures, computing, a job queued.
  const first = await s.get(routes.agreement, s.project.id);
  expect(first).toEqual({ computing: true, stale: true, computedAt: null, ageSeconds: null, progress: null });

  let runner: PgBoss = await startJobRunner(url, { pollingIntervalSeconds: 0.5 });
  try {
    await expect.poll(async () => (await s.get(routes.agreement, s.project.id)).computing, { timeout: 20_000 }).toBe(false);
    const computed = await s.get(routes.agreement, s.project.id);
    const now = JSON.parse(JSON.stringify(await agreement.projectAgreement(await s.access())));
    expect(computed.overall).toEqual(now.overall);
    expect(computed.documents).toEqual(now.documents);
    expect(computed).toMatchObject({ stale: false, computing: false, progress: null });
    expect(computed.ageSeconds).toBeGreaterThanOrEqual(0);
    expect(Date.parse(computed.computedAt!)).toBeLessThanOrEqual(Date.now());

    // No runner for a moment, so that nothing recomputes between the change and the next read.
    await runner.stop({ graceful: true, close: true, wait: true });
    // Bruno now also marks the place: the old figures are still answered, marked stale.
    await s.annotate(1, 0, s.place.id, "Vladivostok");
    const stale = await s.get(routes.agreement, s.project.id);
    // (A job the polls above queued may have recomputed the same figures before the runner
    // stopped: the time may be later, the figures are the old ones.)
    expect(stale).toMatchObject({ stale: true, computing: true, overall: computed.overall });
    expect(Date.parse(stale.computedAt!)).toBeGreaterThanOrEqual(Date.parse(computed.computedAt!));

    runner = await startJobRunner(url, { pollingIntervalSeconds: 0.5 });
    await expect.poll(async () => (await s.get(routes.agreement, s.project.id)).computing, { timeout: 20_000 }).toBe(false);
    const recomputed = await s.get(routes.agreement, s.project.id);
    const after = JSON.parse(JSON.stringify(await agreement.projectAgreement(await s.access())));
    expect(recomputed.overall).toEqual(after.overall);
    expect(recomputed.overall).not.toEqual(computed.overall);
  } finally {
    await runner.stop({ graceful: false, close: true });
  }
});

test("GET progress and document agreement answer the computed figures with their status", async () => {
  const s = await setup();
  await computeFigures({ projectId: s.project.id });
  await computeFigures({ projectId: s.project.id, documentId: s.documents[0].id });
  const p = await s.get(routes.progress, s.project.id);
  expect(p).toMatchObject({ stale: false, computing: false, totals: { documents: 2, annotations: 6 } });
  const now = JSON.parse(JSON.stringify(await progress.projectProgress(await s.access())));
  expect(p.annotators).toEqual(now.annotators);
  expect(p.agreementOverTime).toEqual(now.agreementOverTime);
  // What the job keeps for its next replay is not part of the answer.
  expect(p).not.toHaveProperty("overTimeBasis");

  const d = await s.get(routes.document, s.documents[0].id);
  expect(d).toMatchObject({ stale: false, computing: false });
  const docNow = JSON.parse(JSON.stringify(await agreement.singleDocumentAgreement(await documentAccessOf(s.owner.id, s.documents[0].id))));
  expect(d.figures).toEqual(docNow.figures);
  expect(d.disagreements).toEqual(docNow.disagreements);
});

test("a change in one document makes that document's figures and the project's stale, not the other document's", async () => {
  const s = await setup();
  await computeFigures({ projectId: s.project.id });
  for (const doc of s.documents) await computeFigures({ projectId: s.project.id, documentId: doc.id });
  const docFigures = async (i: number) => figures.documentAgreementFigures(await documentAccessOf(s.owner.id, s.documents[i].id));
  expect((await docFigures(0)).stale).toBe(false);
  expect((await docFigures(1)).stale).toBe(false);

  const removed = await s.annotate(1, 1, s.place.id, "Vladivostok");
  expect((await docFigures(0)).stale).toBe(false);
  expect((await docFigures(1)).stale).toBe(true);
  expect((await figures.agreementFigures(await s.access())).stale).toBe(true);
  expect((await figures.progressFigures(await s.access())).stale).toBe(true);

  // Deleting counts as a change too, and a recomputation of that document alone brings it up to date.
  await computeFigures({ projectId: s.project.id, documentId: s.documents[1].id });
  expect((await docFigures(1)).stale).toBe(false);
  await deleteAnnotation(asUser(s.annotators[1].id), removed.id, removed.version);
  expect((await docFigures(1)).stale).toBe(true);
  expect((await docFigures(0)).stale).toBe(false);
});

test("finishing an assignment or renaming a label makes the figures stale", async () => {
  const s = await setup();
  await computeFigures({ projectId: s.project.id });
  expect((await figures.agreementFigures(await s.access())).stale).toBe(false);
  await db.label.update({ where: { id: s.place.id }, data: { name: "Somewhere" } });
  expect((await figures.agreementFigures(await s.access())).stale).toBe(true);
  await computeFigures({ projectId: s.project.id });
  await db.documentAssignment.create({ data: { projectId: s.project.id, documentId: s.documents[0].id, userId: s.annotators[0].id, finishedAt: new Date() } });
  expect((await figures.progressFigures(await s.access())).stale).toBe(true);
});

test("once figures were shown, a change to an annotation queues their recomputation without anyone asking again", async () => {
  const s = await setup();
  await computeFigures({ projectId: s.project.id });
  await computeFigures({ projectId: s.project.id, documentId: s.documents[1].id });
  const runner: PgBoss = await startJobRunner(url, { pollingIntervalSeconds: 0.5 });
  try {
    const before = await db.computedFigures.findMany({ where: { projectId: s.project.id }, orderBy: [{ kind: "asc" }, { scope: "asc" }] });
    await s.annotate(1, 1, s.place.id, "Vladivostok");
    // No read in between: the runner heard of the change and recomputed the project's and that document's figures.
    await expect
      .poll(async () => {
        const rows = await db.computedFigures.findMany({ where: { projectId: s.project.id }, orderBy: [{ kind: "asc" }, { scope: "asc" }] });
        return rows.every((r, i) => r.computedAt!.getTime() > before[i].computedAt!.getTime() && r.computingSince === null);
      }, { timeout: 20_000 })
      .toBe(true);
    expect((await figures.agreementFigures(await s.access())).stale).toBe(false);
    expect((await figures.documentAgreementFigures(await documentAccessOf(s.owner.id, s.documents[1].id))).stale).toBe(false);
  } finally {
    await runner.stop({ graceful: false, close: true });
  }
});

test("the project's per-document agreement comes a page at a time (100 by default, ?offset= and ?limit=), with how many there are", async () => {
  const { project, owner } = await setup();
  // Figures as the job stores them, for 250 documents (research scale has 10,000 such rows).
  const rows = Array.from({ length: 250 }, (_, i) => ({ id: `doc-${i}`, title: `Document ${i}`, independence: { counted: 2, madeWhileShared: 0 }, figures: {}, disagreementRegions: 0 }));
  await db.computedFigures.upsert({
    where: { projectId_kind_scope: { projectId: project.id, kind: "agreement", scope: "" } },
    create: { projectId: project.id, kind: "agreement", scope: "", result: { annotators: {}, overall: {}, independence: {}, documents: rows }, computedAt: new Date(), inputMarker: "x" },
    update: { result: { annotators: {}, overall: {}, independence: {}, documents: rows }, computedAt: new Date(), inputMarker: "x" },
  });
  const { createApiToken } = await import("@/lib/server/tokens/create-api-token");
  const { secret } = await createApiToken(owner.id, { name: "pages", projectIds: [project.id], access: "READ", expiresInDays: 7 });
  const page = async (query: string) => {
    const response = await routes.agreement(new Request(`http://workbench.test/api/projects/${project.id}/agreement${query}`, { headers: { authorization: `Bearer ${secret}` } }), { params: Promise.resolve({ id: project.id }) });
    return { status: response.status, body: (await response.json()) as { documents: { id: string }[]; documentsTotal: number; documentsOffset: number; issues?: { path: string }[] } };
  };
  const first = await page("");
  expect(first.body.documents.map((d) => d.id)).toEqual(rows.slice(0, 100).map((r) => r.id));
  expect(first.body).toMatchObject({ documentsTotal: 250, documentsOffset: 0 });
  const last = await page("?offset=200&limit=100");
  expect(last.body.documents.map((d) => d.id)).toEqual(rows.slice(200).map((r) => r.id));
  expect(last.body).toMatchObject({ documentsTotal: 250, documentsOffset: 200 });
  expect((await page("?offset=300")).body.documents).toEqual([]);
  const refused = await page("?limit=5000");
  expect(refused.status).toBe(400);
  expect(refused.body.issues?.map((i) => i.path)).toEqual(["limit"]);
});
