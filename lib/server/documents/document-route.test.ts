// GET /api/documents/[id], which checks membership inside its one statement: the same answer as
// getDocument() after the usual access check, 404 for strangers and unknown ids, 401 signed out.
import { beforeAll, expect, test, vi } from "vitest";
import { uuidv7 } from "@/lib/ids";
import { useTestDatabase } from "@/lib/testing/test-database";
import { documentAccessOf } from "@/lib/testing/access";

const session = vi.hoisted(() => ({ userId: "" }));
vi.mock("@/lib/auth", () => ({ auth: async () => (session.userId ? { user: { id: session.userId } } : null) }));

let db: typeof import("@/lib/db").db;

beforeAll(async () => {
  await useTestDatabase();
  ({ db } = await import("@/lib/db"));
});

test("a member gets the document with their role (and the untrimmed text with ?raw=1); strangers get 404", async () => {
  const route = await import("@/app/api/documents/[id]/route");
  const { getDocument } = await import("@/lib/server/documents/get-document");
  const { createProject } = await import("@/lib/server/projects/create-project");
  const [owner, viewer, stranger] = await Promise.all(["owner", "viewer", "stranger"].map((r) => db.user.create({ data: { email: `${r}@document-route.test`, name: r } })));
  const project = await createProject(owner.id, { name: "Documents", description: "" });
  await db.membership.create({ data: { projectId: project.id, userId: viewer.id, role: "VIEWER" } });
  const text = "Summit 🤝 in Vladivostok.";
  const doc = await db.document.create({
    data: { projectId: project.id, title: "Dispatch", text, rawText: `Menu\n${text}\nFooter`, contentHash: "d1", length: [...text].length, publishedOn: "2019-04", createdById: owner.id },
  });
  const get = async (id: string, query = "") => {
    const response = await route.GET(new Request(`http://local/api/documents/${id}${query}`), { params: Promise.resolve({ id }) });
    return { status: response.status, body: await response.json() };
  };

  session.userId = "";
  expect((await get(doc.id)).status).toBe(401);
  session.userId = stranger.id;
  expect((await get(doc.id)).status).toBe(404);
  session.userId = viewer.id;
  expect((await get(uuidv7())).status).toBe(404);
  expect((await get("not-a-uuid")).status).toBe(404);

  const access = await documentAccessOf(viewer.id, doc.id);
  const plain = await get(doc.id);
  expect(plain).toEqual({ status: 200, body: JSON.parse(JSON.stringify(await getDocument(access))) });
  expect(plain.body).toMatchObject({ title: "Dispatch", text, projectName: "Documents", role: "VIEWER", publishedOn: "2019-04" });
  expect(plain.body).not.toHaveProperty("rawText");
  const raw = await get(doc.id, "?raw=1");
  expect(raw).toEqual({ status: 200, body: JSON.parse(JSON.stringify(await getDocument(access, { withRaw: true }))) });
  expect(raw.body).toMatchObject({ rawText: `Menu\n${text}\nFooter`, trimmed: true });
});
