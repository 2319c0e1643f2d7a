// The permission table and the access value (lib/server/authz.ts): who may do what, what a
// read-only token may do, ownership rules, and the SQL parameters generated from the same table.
import { beforeAll, expect, test } from "vitest";
import type { Role } from "@/lib/generated/prisma/enums";
import type { Action, ProjectAccess } from "@/lib/server/authz";
import { useTestDatabase } from "@/lib/testing/test-database";

let authz: typeof import("@/lib/server/authz");
let db: typeof import("@/lib/db").db;
let people: Record<Role | "STRANGER", string>;
let projectId: string;
let otherProjectId: string;

beforeAll(async () => {
  await useTestDatabase();
  ({ db } = await import("@/lib/db"));
  authz = await import("@/lib/server/authz");
  const { createProject } = await import("@/lib/server/projects/create-project");
  const names = ["OWNER", "CURATOR", "ANNOTATOR", "VIEWER", "STRANGER"] as const;
  const users = await Promise.all(names.map((n) => db.user.create({ data: { email: `${n.toLowerCase()}@authz.test`, name: n } })));
  people = Object.fromEntries(names.map((n, i) => [n, users[i].id])) as typeof people;
  projectId = (await createProject(people.OWNER, { name: "Authz", description: "" })).id;
  otherProjectId = (await createProject(people.OWNER, { name: "Other", description: "" })).id;
  await db.membership.createMany({ data: (["CURATOR", "ANNOTATOR", "VIEWER"] as const).map((role) => ({ projectId, userId: people[role], role })) });
});

const session = (role: Role) => authz.resolveProject(authz.sessionCaller(people[role]), projectId);
const token = (role: Role, readOnly: boolean, projectIds = [projectId]) =>
  authz.resolveProject(authz.tokenCaller(people[role], { tokenId: "t", projectIds, readOnly }), projectId);

test("the permission table: each role's actions, as people do them", async () => {
  const allowed = async (role: Role) => {
    const access = await session(role);
    return (Object.keys(authz.PERMISSIONS) as Action[]).filter((a) => authz.can(access, a));
  };
  expect(await allowed("VIEWER")).toEqual(["read", "export"]);
  expect(await allowed("ANNOTATOR")).toEqual(["read", "export", "annotate", "comment", "change-annotation", "link-mention", "remove-relation", "resolve-thread", "peer-review"]);
  expect(await allowed("CURATOR")).toEqual([...(await allowed("ANNOTATOR")).slice(0, 8), "edit-others", "review", "peer-review", "curate", "see-progress", "see-deleted", "see-member-emails", "manage-labels"]);
  expect(await allowed("OWNER")).toEqual([...(await allowed("CURATOR")), "manage-members", "see-member-admin", "manage-project"]);
});

test("a read-only token may do only what does not write, whatever its owner's role; a read-write token what its owner may", async () => {
  const readOnly = await token("OWNER", true);
  expect((Object.keys(authz.PERMISSIONS) as Action[]).filter((a) => authz.can(readOnly, a))).toEqual(["read", "export", "see-progress", "see-deleted", "see-member-emails", "see-member-admin"]);
  expect(() => authz.authorize(readOnly, "annotate")).toThrow(/read-only/);
  const readWrite = await token("ANNOTATOR", false);
  expect(authz.can(readWrite, "annotate")).toBe(true);
  expect(authz.can(readWrite, "curate")).toBe(false);
  // A token reaches only its projects: others answer as if they did not exist.
  await expect(token("OWNER", false, [otherProjectId])).rejects.toMatchObject({ status: 404, message: expect.stringMatching(/API token/) });
});

test("ownership rules: only the author changes an annotation; others' mentions, relations and threads need a curator; nobody reviews their own", async () => {
  const [annotator, curator] = await Promise.all([session("ANNOTATOR"), session("CURATOR")]);
  const mine = { ownerIds: [people.ANNOTATOR] };
  const theirs = { ownerIds: [people.OWNER] };
  expect(authz.can(annotator, "change-annotation", mine)).toBe(true);
  expect(authz.can(annotator, "change-annotation", theirs)).toBe(false);
  expect(authz.can(curator, "change-annotation", theirs)).toBe(false);
  for (const action of ["link-mention", "remove-relation", "resolve-thread"] as const) {
    expect([authz.can(annotator, action, mine), authz.can(annotator, action, theirs), authz.can(curator, action, theirs)]).toEqual([true, false, true]);
  }
  expect(() => authz.authorize(curator, "review", { ownerIds: [people.CURATOR] })).toThrow("Nobody reviews their own annotation.");
  expect(authz.can(curator, "review", theirs)).toBe(true);
  expect(authz.can(annotator, authz.reviewAction(false), theirs)).toBe(false);
  expect(authz.can(annotator, authz.reviewAction(true), theirs)).toBe(true);
  const viewer = await session("VIEWER");
  // A viewer who wrote something as an annotator before a demotion changes nothing of it.
  expect(authz.can(viewer, "change-annotation", { ownerIds: [people.VIEWER] })).toBe(false);
});

test("the SQL parameters come from the same table: roles allowed, and the token's projects", () => {
  const session = authz.sessionCaller(people.ANNOTATOR);
  expect(authz.sqlScope(session, "read")).toEqual({ roles: ["VIEWER", "ANNOTATOR", "CURATOR", "OWNER"], projectIds: null });
  expect(authz.sqlScope(session, "annotate")).toEqual({ roles: ["ANNOTATOR", "CURATOR", "OWNER"], projectIds: null });
  const readOnly = authz.tokenCaller(people.ANNOTATOR, { tokenId: "t", projectIds: [projectId], readOnly: true });
  expect(authz.sqlScope(readOnly, "annotate")).toEqual({ roles: [], projectIds: [projectId] });
  expect(authz.sqlScope(readOnly, "read").roles).toHaveLength(4);
});

test("strangers, stale and malformed ids get 404, members without the role 403; tokens cannot reach account-wide actions", async () => {
  const stranger = authz.sessionCaller(people.STRANGER);
  await expect(authz.resolveProject(stranger, projectId)).rejects.toMatchObject({ status: 404 });
  await expect(authz.resolveProject(authz.sessionCaller(people.OWNER), "not-a-uuid")).rejects.toMatchObject({ status: 404 });
  await expect(authz.resolveProject(authz.sessionCaller(people.VIEWER), projectId, "annotate")).rejects.toMatchObject({ status: 403, message: expect.stringMatching(/needs the ANNOTATOR role/) });
  expect(() => authz.requireSession(authz.tokenCaller(people.OWNER, { tokenId: "t", projectIds: [projectId], readOnly: false }), "make tokens")).toThrow(/API tokens cannot make tokens/);
});

test("an access value is made only by authz.ts", async () => {
  const real = await session("OWNER");
  expect(Object.isFrozen(real)).toBe(true);
  // @ts-expect-error -- a look-alike without the module's private symbol is not an access value
  const forged: ProjectAccess = { userId: people.STRANGER, projectId, role: "OWNER", token: null };
  expect(forged.role).toBe("OWNER");
});

test("who sees whose annotations: the SQL rule (seesExprSql) agrees with visibilityOf for every role, setting and annotation", async () => {
  const { sqlPool } = await import("@/lib/server/db/sql-pool");
  const me = "00000000-0000-7000-8000-000000000001";
  const other = "00000000-0000-7000-8000-000000000002";
  const e = authz.seesExprSql("c.role", "c.me", "c");
  let checked = 0;
  for (const role of ["OWNER", "CURATOR", "ANNOTATOR", "VIEWER"] as const) {
    for (const annotatorsSee of ["OWN", "EVERYONE"] as const) {
      for (const viewersSee of ["GOLD", "EVERYONE"] as const) {
        for (const annotatorsSeeGold of [false, true]) {
          const sees = authz.visibilityOf(role, me, { annotatorsSee, viewersSee, annotatorsSeeGold });
          for (const [authorId, gold] of [[me, false], [other, false], [other, true], [me, true]] as const) {
            const { rows } = await sqlPool().query<{ visible: boolean }>(
              `SELECT ${authz.seesSql("a", e.all, e.ownerId, e.gold)} AS visible
               FROM (SELECT $1::text AS role, $2::uuid AS me, $3::"AnnotatorVisibility" AS "annotatorsSee", $4::"ViewerVisibility" AS "viewersSee", $5::boolean AS "annotatorsSeeGold") c,
                    (SELECT $6::uuid AS "authorId", $7::boolean AS gold) a`,
              [role, me, annotatorsSee, viewersSee, annotatorsSeeGold, authorId, gold],
            );
            const expected = sees.all || authorId === sees.ownerId || (gold && sees.gold);
            expect({ role, annotatorsSee, viewersSee, annotatorsSeeGold, authorId, gold, visible: Boolean(rows[0].visible) }).toEqual({
              role, annotatorsSee, viewersSee, annotatorsSeeGold, authorId, gold, visible: expected,
            });
            checked++;
          }
        }
      }
    }
  }
  expect(checked).toBe(4 * 2 * 2 * 2 * 4);
  // The rule itself, as the settings page describes it.
  const annotatorOwn = authz.visibilityOf("ANNOTATOR", me, { annotatorsSee: "OWN", viewersSee: "GOLD", annotatorsSeeGold: false });
  expect(annotatorOwn).toEqual({ all: false, ownerId: me, gold: false });
  expect(authz.visibilityOf("VIEWER", me, { annotatorsSee: "EVERYONE", viewersSee: "GOLD", annotatorsSeeGold: true })).toEqual({ all: false, ownerId: me, gold: true });
  expect(authz.visibilityOf("CURATOR", me, { annotatorsSee: "OWN", viewersSee: "GOLD", annotatorsSeeGold: false }).all).toBe(true);
});

test("a new project starts with annotators seeing their own work and viewers the gold layer", async () => {
  expect((await session("ANNOTATOR")).sees).toEqual({ all: false, ownerId: people.ANNOTATOR, gold: false });
  expect((await session("VIEWER")).sees).toEqual({ all: false, ownerId: people.VIEWER, gold: true });
  expect((await session("CURATOR")).sees.all).toBe(true);
  expect((await token("ANNOTATOR", true)).sees).toEqual({ all: false, ownerId: people.ANNOTATOR, gold: false });
});
