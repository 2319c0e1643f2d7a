// Issue 16: "The same person tagging the same span with the same label twice is refused with a
// message naming the existing annotation (a project setting may allow stacking)."
import { beforeAll, expect, test, vi } from "vitest";
import { uuidv7 } from "@/lib/ids";
import { useTestDatabase } from "@/lib/testing/test-database";
import { asUser } from "@/lib/testing/access";

const session = vi.hoisted(() => ({ userId: "" }));
vi.mock("@/lib/auth", () => ({ auth: async () => (session.userId ? { user: { id: session.userId } } : null) }));

let db: typeof import("@/lib/db").db;
let createProject: typeof import("@/lib/server/projects/create-project").createProject;
let route: typeof import("@/app/api/documents/[id]/annotations/route");
let stepByStep: typeof import("@/lib/server/annotations/create-annotation").createAnnotationStepByStep;
let change: typeof import("@/lib/server/annotations/change-annotation");

beforeAll(async () => {
  await useTestDatabase();
  ({ db } = await import("@/lib/db"));
  ({ createProject } = await import("@/lib/server/projects/create-project"));
  ({ createAnnotationStepByStep: stepByStep } = await import("@/lib/server/annotations/create-annotation"));
  change = await import("@/lib/server/annotations/change-annotation");
  route = await import("@/app/api/documents/[id]/annotations/route");
});

const TEXT = "Kim Jong Un met Putin in Vladivostok.";
let n = 0;

async function setup(settings: { allowStackedTags?: boolean } = {}) {
  n++;
  const [owner, annotator] = await Promise.all(["owner", "annotator"].map((r) => db.user.create({ data: { email: `${r}${n}@dup-tag.test`, name: r } })));
  const project = await createProject(owner.id, { name: `Dup ${n}`, description: "" });
  if (settings.allowStackedTags) await db.project.update({ where: { id: project.id }, data: { allowStackedTags: true } });
  await db.membership.create({ data: { projectId: project.id, userId: annotator.id, role: "ANNOTATOR" } });
  const doc = await db.document.create({ data: { projectId: project.id, title: "Doc", text: TEXT, contentHash: `dup${n}`, length: TEXT.length } });
  const labels = await db.label.findMany({ where: { projectId: project.id } });
  const label = (name: string) => labels.find((l) => l.name === name)!.id;
  const putin = (labelId: string) => ({ id: uuidv7(), labelId, start: 16, end: 21, exact: "Putin", attributes: {}, note: "" });
  async function post(userId: string, body: unknown) {
    session.userId = userId;
    const req = new Request("http://local/x", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const response = await route.POST(req, { params: Promise.resolve({ id: doc.id }) });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are checked field by field below
    return { status: response.status, body: (await response.json()) as any };
  }
  return { owner, annotator, project, doc, label, putin, post };
}

test("the same person's same label on the same span is refused with 409 naming the existing annotation; nothing is written", async () => {
  const { annotator, doc, label, putin, post } = await setup();
  const first = await post(annotator.id, putin(label("Person")));
  expect(first.status).toBe(201);
  const second = await post(annotator.id, putin(label("Person")));
  expect(second.status).toBe(409);
  expect(second.body.error).toContain("“Putin”");
  expect(second.body.error).toContain("Person");
  expect(second.body.error).toContain(first.body.id);
  expect(second.body.details.existing).toEqual({ id: first.body.id, label: "Person", labelId: label("Person"), quote: "Putin" });
  expect(await db.annotation.count({ where: { documentId: doc.id } })).toBe(1);
  // The step-by-step path (what the one statement falls back to) refuses alike.
  await expect(stepByStep(asUser(annotator.id), doc.id, putin(label("Person")))).rejects.toMatchObject({ status: 409, details: { existing: { id: first.body.id } } });
  // A retry of the first create is still answered as a retry, not as a duplicate.
  const retry = await post(annotator.id, { ...putin(label("Person")), id: first.body.id });
  expect(retry.status).toBe(200);
});

test("a different label, another person, another span or a deleted earlier tag do not count as duplicates", async () => {
  const { owner, annotator, doc, label, putin, post } = await setup();
  const first = await post(annotator.id, putin(label("Person")));
  expect((await post(annotator.id, putin(label("Location")))).status).toBe(201);
  expect((await post(owner.id, putin(label("Person")))).status).toBe(201);
  expect((await post(annotator.id, { ...putin(label("Person")), start: 25, end: 36, exact: "Vladivostok" })).status).toBe(201);
  await change.deleteAnnotation(asUser(annotator.id), first.body.id, first.body.version);
  expect((await post(annotator.id, putin(label("Person")))).status).toBe(201);
  expect(await db.annotation.count({ where: { documentId: doc.id, deletedAt: null } })).toBe(4);
});

test("a project that allows stacking accepts the same tag twice", async () => {
  const { annotator, doc, label, putin, post } = await setup({ allowStackedTags: true });
  expect((await post(annotator.id, putin(label("Person")))).status).toBe(201);
  expect((await post(annotator.id, putin(label("Person")))).status).toBe(201);
  await stepByStep(asUser(annotator.id), doc.id, putin(label("Person")));
  expect(await db.annotation.count({ where: { documentId: doc.id } })).toBe(3);
});
