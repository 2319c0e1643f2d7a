// Property: whatever a signed-in client sends to any changing endpoint — random JSON, a valid body
// with fields of the wrong type, strings PostgreSQL cannot store, numbers past every range, broken
// JSON, the wrong content type, random bytes and zips as uploads, ids that are not ids or belong
// to another project — the answer is never a 5xx, a refusal is JSON with an `error` message, and a
// refusal writes nothing (every table's rows are fingerprinted before and after).
//
// The endpoints are found on disk (app/api/**/route.ts), so a new one is fuzzed from the day it
// exists; it also needs a valid sample body below, or the completeness test fails. The caller is
// the project's owner, so authorization passes and the handler really parses what it got.
// fast-check prints the seed and the shrunk request of any failure; rerun it with
// `fc.assert(..., { seed, path })` to reproduce.
import fc from "fast-check";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { uuidv7 } from "@/lib/ids";
import { exportedMutatingMethods, findApiRoutes, loadHandler, type ApiRoute } from "@/lib/testing/api-routes";
import { changedTables, fingerprinter, type DbFingerprint, type Fingerprinter } from "@/lib/testing/db-fingerprint";
import { createEndpointFixture, idsOf, type EndpointFixture } from "@/lib/testing/endpoint-fixture";
import { hostileParam, mutated, rawBody, uploadBytes, type RawBody } from "@/lib/testing/hostile-input";
import { openApiMismatches } from "@/lib/testing/openapi-check";
import { useTestDatabase } from "@/lib/testing/test-database";
import { exportToBytes } from "@/lib/testing/tricky-project";

const session = vi.hoisted(() => ({ userId: "" }));
vi.mock("@/lib/auth", () => ({ auth: async () => (session.userId ? { user: { id: session.userId } } : null) }));

/** Routes not fuzzed here, and why. */
const NOT_FUZZED: Record<string, string> = {
  "/api/auth/[...nextauth]":
    "Auth.js's own handler (sign-in, sign-out, CSRF); it is not ours to fuzz at handler level, and its body cap and rate limit are tested in lib/server/http/upload-limits.test.ts",
};

// Runs per endpoint; FUZZ_RUNS=<factor> fuzzes longer locally (FUZZ_RUNS=10: about ten times as long).
const factor = Number(process.env.FUZZ_RUNS ?? 1);
const RUNS = { json: Math.round(40 * factor), upload: Math.round(60 * factor) };

type UploadFile = { name: string; bytes: Uint8Array };
type SampleFiles = { files: UploadFile[]; fields: Partial<Record<string, string>> };
type Sample = {
  /** The route's valid parameters (a fresh fixture per endpoint, so acting on them is fine). */
  params?: (f: EndpointFixture) => Record<string, string>;
  /** Valid JSON bodies (undefined: the endpoint reads no body). */
  bodies?: (f: EndpointFixture) => unknown[];
  /** Valid multipart uploads, for endpoints that take files. */
  uploads?: (f: EndpointFixture) => Promise<SampleFiles[]>;
  /** Query strings worth trying besides none. */
  queries?: string[];
};

const labelId = (f: EndpointFixture, name: string) => f.labels.find((l) => l.name === name)!.id;
const project = (extra: (f: EndpointFixture) => Record<string, string> = () => ({})) => (f: EndpointFixture) => ({ id: f.project.id, ...extra(f) });

/** Annotation sets in every format the import reads, made from the fixture's own export. */
async function annotationUploads(f: EndpointFixture): Promise<SampleFiles[]> {
  const [w3c, doccano, brat] = await Promise.all(["w3c", "jsonl", "brat"].map((format) => exportToBytes(f.project.id, { format })));
  return [
    { files: [{ name: "page.json", bytes: w3c.bytes }], fields: { dryRun: "true" } },
    { files: [{ name: "records.jsonl", bytes: doccano.bytes }], fields: {} },
    { files: [{ name: "corpus.zip", bytes: brat.bytes }], fields: {} },
    { files: [{ name: "a.txt", bytes: new Uint8Array(Buffer.from("Kim")) }, { name: "a.ann", bytes: new Uint8Array(Buffer.from("T1\tPerson 0 1\tx\n")) }], fields: {} },
  ];
}

const SAMPLES: Record<string, Sample> = {
  "PUT /api/annotations/[id]/canonical": { params: (f) => ({ id: f.own.id }), bodies: (f) => [{ canonicalId: f.items.putinAgain.id }, { canonicalId: null }] },
  "POST /api/annotations/[id]/comments": { params: (f) => ({ id: f.own.id }), bodies: (f) => [{ body: "Is this him?", parentId: f.thread.id }, { body: "New thread" }] },
  "POST /api/annotations/[id]/comments/seen": { params: (f) => ({ id: f.own.id }) },
  "POST /api/annotations/[id]/reviews": { params: (f) => ({ id: f.ids.putin.id }), bodies: () => [{ decision: "ACCEPTED", comment: "ok", version: 1 }] },
  "PATCH /api/annotations/[id]": {
    params: (f) => ({ id: f.own.id }),
    bodies: (f) => [{ version: 1, labelId: labelId(f, "Person"), start: 0, end: 5, exact: "Putin", note: "changed", attributes: { canonicalName: "Vladimir Putin" } }],
  },
  "DELETE /api/annotations/[id]": { params: (f) => ({ id: f.own.id }), bodies: () => [{ version: 1 }, undefined], queries: ["?version=1", "?version=x", "?version=", "?version=1e9"] },
  "PATCH /api/comments/[id]": { params: (f) => ({ id: f.thread.id }), bodies: () => [{ resolved: true }] },
  "POST /api/documents/[id]/annotations": {
    params: (f) => ({ id: f.plainId }),
    bodies: (f) => [{ id: uuidv7(), labelId: labelId(f, "Location"), start: 14, end: 23, exact: "Pyongyang", attributes: {}, note: "" }],
  },
  "POST /api/documents/[id]/curation/adjudicate": {
    params: (f) => ({ id: f.documentId }),
    bodies: (f) => [
      { action: "take", key: f.candidateKey, rejectOthers: [] },
      { action: "edit", start: f.ids.putin.start, end: f.ids.putin.end, exact: f.ids.putin.exact, labelId: f.ids.putin.labelId, rejectOthers: [f.candidateKey] },
      { action: "reject", keys: [f.candidateKey] },
    ],
  },
  "PATCH /api/documents/[id]": {
    params: (f) => ({ id: f.documentId }),
    bodies: () => [{ title: "Corrected", publisher: "KCNA", publishedOn: "2024-04", sourceUrl: "https://example.org/a", language: "en", author: "", tags: ["summit", "2019"] }],
  },
  "DELETE /api/documents/[id]": { params: (f) => ({ id: f.plainId }) },
  "POST /api/projects/[id]/deleted-documents/[documentId]/restore": { params: project((f) => ({ documentId: f.deletedId })) },
  "POST /api/projects/[id]/exports": { params: project(), bodies: () => [{ options: { format: "conll", layers: "annotators" } }, { options: { format: "csv", guard: false, kinds: ["ENTITY"] }, check: true }] },
  "DELETE /api/exports/[id]": { params: (f) => ({ id: f.exportId }) },
  "POST /api/documents/[id]/curation/merge": { params: (f) => ({ id: f.documentId }), bodies: () => [undefined] },
  "PUT /api/documents/[id]/finished": { params: (f) => ({ id: f.documentId }), bodies: () => [{ finished: true }, { finished: false }] },
  "POST /api/documents/[id]/relations": {
    params: (f) => ({ id: f.documentId }),
    bodies: (f) => [{ id: uuidv7(), typeId: f.relation.typeId, fromId: f.ids.meeting.id, toId: f.ids.crossing.id }],
  },
  "POST /api/projects/[id]/attention/dismissals": { params: project(), bodies: (f) => [{ annotationId: f.own.id }] },
  "POST /api/projects/[id]/annotation-import": { params: project(), uploads: (f) => annotationUploads(f) },
  "POST /api/projects/[id]/imports": { params: project(), uploads: (f) => annotationUploads(f) },
  "PUT /api/projects/[id]/assignments": { params: project(), bodies: (f) => [{ documentId: f.documentId, userIds: [f.amina.id, f.bruno.id] }] },
  "POST /api/projects/[id]/assignments/spread": { params: project(), bodies: (f) => [{ perDocument: 1, annotatorIds: [f.amina.id, f.bruno.id], documentIds: [f.documentId, f.plainId] }] },
  "POST /api/projects/[id]/documents": {
    params: project(),
    bodies: () => [{ documents: [{ name: "new.txt", text: "Kim Jong Un met Putin again.", title: "Again", publishedOn: "2024-06" }], trim: false, dryRun: false }],
    uploads: async () => [
      { files: [{ name: "new.txt", bytes: new Uint8Array(Buffer.from("Putin 👍🏽 met Kim.\r\n")) }], fields: { dryRun: "false" } },
      { files: [{ name: "docs.jsonl", bytes: new Uint8Array(Buffer.from('{"text":"One"}\n{"text":"Two","title":"2"}\n')) }], fields: { trim: "all" } },
      { files: [], fields: { text: "Pasted text", title: "Pasted" } },
    ],
  },
  "POST /api/projects/[id]/documents/details": {
    params: project(),
    bodies: (f) => [{ csv: `id,title,published_on,tags\n${f.documentId},"Summit, again",2019-04-25,a;b\n`, dryRun: true }, { csv: `id,publisher\n${f.documentId},KCNA\n` }],
  },
  "POST /api/projects/[id]/knowledge/[itemId]/merge": { params: project((f) => ({ itemId: f.items.putin.id })), bodies: (f) => [{ otherIds: [f.items.putinAgain.id] }] },
  "PATCH /api/projects/[id]/knowledge/[itemId]": {
    params: project((f) => ({ itemId: f.items.summit.id })),
    bodies: () => [{ name: "The summit", aliases: ["Vladivostok meeting"], date: "2019-04-25", description: "First meeting" }],
  },
  "DELETE /api/projects/[id]/knowledge/[itemId]": { params: project((f) => ({ itemId: f.items.putinAgain.id })) },
  "POST /api/projects/[id]/knowledge/[itemId]/split": {
    params: project((f) => ({ itemId: f.items.putin.id })),
    bodies: (f) => [{ annotationIds: [f.own.id], name: "Putin (other)", aliases: [], date: null }],
  },
  "POST /api/projects/[id]/knowledge": { params: project(), bodies: () => [{ kind: "EVENT", name: "Treaty signing", aliases: ["signing"], date: "2024-06-19", description: "" }] },
  "POST /api/projects/[id]/recommenders": {
    params: project(),
    bodies: (f) => [
      { kind: "LABEL_STUDIO", name: "spaCy", url: "http://127.0.0.1:9/" },
      { kind: "OPENAI", name: "LLM", url: "http://127.0.0.1:9/v1", model: "small", minScore: 0.5, trigger: "ON_IMPORT" },
      { kind: "ENGLISH_NER", name: "NER", mapping: { people: labelId(f, "Person"), places: null } },
    ],
  },
  "PATCH /api/projects/[id]/recommenders/[recommenderId]": {
    params: project((f) => ({ recommenderId: f.recommender.id })),
    bodies: (f) => [{ name: "Renamed", minScore: 0.3, enabled: false, labelIds: [labelId(f, "Person")], url: "https://models.example/", model: null }],
  },
  "POST /api/projects/[id]/recommenders/[recommenderId]/run": { params: project((f) => ({ recommenderId: f.recommender.id })), bodies: (f) => [{ documentIds: [f.plainId] }, {}] },
  "DELETE /api/projects/[id]/recommenders/[recommenderId]": { params: project((f) => ({ recommenderId: f.recommender.id })) },
  "POST /api/documents/[id]/proposals": {
    params: (f) => ({ id: f.plainId }),
    bodies: (f) => [
      { decision: "accept", labelId: labelId(f, "Location"), start: 14, end: 23 },
      { decision: "reject", labelId: labelId(f, "Location"), start: 14, end: 23 },
    ],
  },
  "POST /api/documents/[id]/proposals/accept-all": { params: (f) => ({ id: f.plainId }), bodies: (f) => [{ labelId: labelId(f, "Location") }] },
  "POST /api/documents/[id]/proposals/undo": { params: (f) => ({ id: f.plainId }), bodies: (f) => [{ decisions: [{ labelId: labelId(f, "Location"), start: 14, end: 23 }] }] },
  "POST /api/projects/[id]/knowledge/suggest": { params: project(), bodies: (f) => [{ documentIds: [f.documentId] }, {}] },
  "PATCH /api/projects/[id]/labels/[labelId]": {
    params: project((f) => ({ labelId: f.unusedLabel.id })),
    bodies: (f) => [{ name: "Renamed", kind: "EVENT", color: f.unusedLabel.color, hotkey: "z", description: "now an event" }],
  },
  "DELETE /api/projects/[id]/labels/[labelId]": { params: project((f) => ({ labelId: f.unusedLabel.id })) },
  "POST /api/projects/[id]/labels": { params: project(), bodies: (f) => [{ name: "New label", kind: "CLAIM", color: f.unusedLabel.color, hotkey: "y", description: "" }] },
  "PATCH /api/projects/[id]/members/[userId]": { params: project((f) => ({ userId: f.amina.id })), bodies: () => [{ role: "CURATOR" }] },
  "DELETE /api/projects/[id]/members/[userId]": { params: project((f) => ({ userId: f.bruno.id })) },
  "POST /api/projects/[id]/invitations": { params: project(), bodies: () => [{ email: "outsider@endpoints.test", role: "VIEWER" }, { email: "nobody@endpoints.test", role: "OWNER" }] },
  "DELETE /api/projects/[id]/invitations/[invitationId]": { params: project((f) => ({ invitationId: f.invitation.id })) },
  "POST /api/invitations/accept": { bodies: (f) => [{ secret: f.invitationForOwner }] },
  "PATCH /api/projects/[id]/imported-authors/[authorId]": { params: project((f) => ({ authorId: f.importedAuthor.id })), bodies: (f) => [{ memberId: f.amina.id }] },
  "PATCH /api/projects/[id]/relation-types/[typeId]": {
    params: project((f) => ({ typeId: f.unusedType.id })),
    bodies: () => [{ name: "renamed", fromKind: "EVENT", toKind: "ENTITY", description: "d" }],
  },
  "DELETE /api/projects/[id]/relation-types/[typeId]": { params: project((f) => ({ typeId: f.unusedType.id })) },
  "POST /api/projects/[id]/relation-types": { params: project(), bodies: () => [{ name: "allied with", fromKind: "ENTITY", toKind: "ENTITY", description: "" }] },
  "PATCH /api/projects/[id]": { params: project(), bodies: () => [{ name: "Renamed", description: "d", peerReview: true, agreementThreshold: 3 }] },
  "POST /api/projects/import": {
    uploads: async (f) => [{ files: [{ name: "project.json", bytes: (await exportToBytes(f.project.id, { format: "native" })).bytes }], fields: { dryRun: "false" } }],
  },
  "POST /api/projects": { bodies: () => [{ name: "New project", description: "" }] },
  "DELETE /api/relations/[id]": { params: (f) => ({ id: f.relation.id }) },
  "POST /api/suggestions/[id]": { params: (f) => ({ id: f.suggestion.id }), bodies: (f) => [{ decision: "accept", labelId: labelId(f, "Person") }, { decision: "reject" }] },
  "POST /api/tokens": { bodies: (f) => [{ name: "nightly export", projectIds: [f.project.id], access: "READ_WRITE", expiresInDays: 7, password: "the current passphrase" }] },
  "DELETE /api/tokens/[id]": { params: (f) => ({ id: f.token.id }) },
  "POST /api/users": { bodies: () => [{ email: "new-user@endpoints.test", name: "New", password: "a long enough password" }] },
  "POST /api/account/password": { bodies: () => [{ currentPassword: "the current passphrase", newPassword: "a long enough password" }] },
  "DELETE /api/account/sessions": {},
  "POST /api/account/link": { bodies: () => [{ token: "not-a-pending-link", password: "the current passphrase" }] },
};

type Endpoint = { key: string; route: ApiRoute; method: string };
const endpoints: Endpoint[] = findApiRoutes()
  .filter((r) => !(r.route in NOT_FUZZED))
  .flatMap((route) => route.methods.map((method) => ({ key: `${method} ${route.route}`, route, method })));

let db: typeof import("@/lib/db").db;
let fingerprints: Fingerprinter;
let foreignIds: string[];

beforeAll(async () => {
  const url = await useTestDatabase();
  ({ db } = await import("@/lib/db"));
  fingerprints = await fingerprinter(url);
  // Another project our owner is not a member of: its ids must act like ids of nothing.
  foreignIds = idsOf(await createEndpointFixture("foreign"));
  await db.user.create({ data: { email: "outsider@endpoints.test", name: "Outsider" } });
});

afterAll(async () => {
  await fingerprints?.close();
});

test("every mutating endpoint on disk is fuzzed and has a valid sample (and no sample is stale)", async () => {
  expect(endpoints.length).toBeGreaterThan(30);
  for (const { route } of endpoints.filter((e, i, all) => all.findIndex((x) => x.route === e.route) === i)) {
    expect(await exportedMutatingMethods(route), route.route).toEqual(route.methods);
  }
  const keys = endpoints.map((e) => e.key);
  expect(keys.filter((k) => !(k in SAMPLES)), "endpoints without a sample in SAMPLES").toEqual([]);
  expect(Object.keys(SAMPLES).filter((k) => !keys.includes(k)), "samples of endpoints that no longer exist").toEqual([]);
});

type RequestSpec = {
  params: Record<string, string>;
  query: string;
  /** An Authorization header that is no valid API token (the session is valid either way). */
  authorization?: string;
  contentType: string | null;
  body?: string | Uint8Array;
  upload?: SampleFiles;
};

/** Short enough to read in a failure report (a 300,000-character field is summarised). */
function summarize(spec: RequestSpec): string {
  const shorten = (_k: string, v: unknown) =>
    typeof v === "string" && v.length > 200 ? `${v.slice(0, 60)}…(${v.length} chars)` : v instanceof Uint8Array ? `<${v.length} bytes: ${Buffer.from(v.subarray(0, 40)).toString("hex")}…>` : v;
  return JSON.stringify(spec, shorten);
}

function requestArbitrary(endpoint: Endpoint, sample: Sample, f: EndpointFixture, uploads: SampleFiles[]): fc.Arbitrary<RequestSpec> {
  const validParams = sample.params?.(f) ?? {};
  const params = fc.oneof(
    { weight: 5, arbitrary: fc.constant(validParams) },
    {
      weight: 1,
      arbitrary: fc.tuple(...endpoint.route.params.map(() => fc.option(hostileParam(foreignIds), { freq: 2 }))).map((values) =>
        Object.fromEntries(endpoint.route.params.map((name, i) => [name, values[i] ?? validParams[name] ?? "missing"])),
      ),
    },
  );
  const query = fc.constantFrom("", "", "", "?dryRun=true", "?version=%00", ...(sample.queries ?? []));
  const idsToTry = [...foreignIds.slice(0, 4), f.project.id, f.documentId, f.owner.id, f.own.id, f.items.summit.id];

  const bodies = sample.bodies?.(f) ?? [];
  const jsonBodies = bodies.filter((b) => b !== undefined);
  const kinds: fc.Arbitrary<Omit<RequestSpec, "params" | "query">>[] = [];
  const asJson = (v: unknown) => ({ contentType: "application/json", body: JSON.stringify(v) ?? "" });
  if (jsonBodies.length) {
    kinds.push(fc.constantFrom(...jsonBodies).chain((b) => mutated(b, idsToTry)).map(asJson));
    kinds.push(fc.constantFrom(...jsonBodies).chain((b) => mutated(b, idsToTry)).map(asJson));
    kinds.push(fc.constantFrom(...jsonBodies).chain((b) => mutated(b, idsToTry)).map(asJson));
    // A valid body padded past the 1 MB JSON limit.
    kinds.push(fc.constantFrom(...jsonBodies).map((b) => asJson({ ...(b as object), padding: "x".repeat(1_100_000) })));
  }
  kinds.push(fc.jsonValue({ maxDepth: 3 }).map(asJson));
  kinds.push(rawBody.map((raw: RawBody) => ({ contentType: raw.contentType, body: raw.body })));
  if (uploads.length) {
    const samples = uploads.flatMap((u) => u.files.map((file) => { try { return JSON.parse(Buffer.from(file.bytes).toString("utf8")); } catch { return undefined; } })).filter((v) => v !== undefined);
    const file = fc.oneof(
      { weight: 2, arbitrary: fc.constantFrom(...uploads.flatMap((u) => u.files)) },
      {
        weight: 5,
        arbitrary: fc.record({
          name: fc.oneof(fc.constantFrom("a.txt", "a.md", "a.json", "a.jsonl", "a.ann", "a.zip", "page.jsonld", "project.json", "x.docx", "", "../../x.txt", "a\u0000.txt", "🙂.txt", "noext"), fc.string({ maxLength: 20 })),
          bytes: uploadBytes(samples),
        }),
      },
    );
    const field = fc.oneof(fc.constantFrom("true", "false", "", "all", "none", "[]", '["a.txt"]', "[1,2]", "[", "\u0000"), fc.string({ maxLength: 20 }));
    const upload = fc.oneof(
      { weight: 1, arbitrary: fc.constantFrom(...uploads) },
      {
        weight: 4,
        arbitrary: fc.record({
          files: fc.array(file, { maxLength: 4 }),
          fields: fc.record({ dryRun: field, trim: field, text: fc.oneof(field, fc.constantFrom("a\u0000b", "  ")), title: field }, { requiredKeys: [] }),
        }),
      },
    );
    kinds.push(upload.map((u) => ({ contentType: "multipart/form-data", upload: u })));
    kinds.push(upload.map((u) => ({ contentType: "multipart/form-data", upload: u })));
    kinds.push(upload.map((u) => ({ contentType: "multipart/form-data", upload: u })));
  }
  if (!sample.bodies && !sample.uploads) kinds.push(fc.constant({ contentType: null }));
  // Mostly none (the session signs in); sometimes a header that is no valid API token.
  const authorization = fc.oneof(
    { weight: 9, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constantFrom("Bearer", "Bearer ", "Bearer awb_", `Bearer awb_${"x".repeat(5000)}`, "Basic Zm9vOmJhcg==", "bearer awb_0123456789abcdef") },
  );
  return fc
    .record({ params, query, authorization, rest: fc.oneof(...kinds) })
    .map(({ params, query, authorization, rest }) => ({ params, query, ...(authorization === undefined ? {} : { authorization }), ...rest }))
    .map((spec) => Object.assign(spec, { [fc.toStringMethod]: () => summarize(spec) }));
}

function toRequest(endpoint: Endpoint, spec: RequestSpec): Request {
  const url = `http://localhost${endpoint.route.route}${spec.query}`;
  const auth: Record<string, string> = spec.authorization ? { authorization: spec.authorization } : {};
  if (spec.upload) {
    const form = new FormData();
    for (const file of spec.upload.files) form.append("files", new File([Buffer.from(file.bytes)], file.name));
    for (const [k, v] of Object.entries(spec.upload.fields)) if (v !== undefined) form.append(k, v);
    return new Request(url, { method: endpoint.method, headers: auth, body: form });
  }
  const headers: Record<string, string> = spec.contentType ? { "content-type": spec.contentType, ...auth } : auth;
  const body = spec.body instanceof Uint8Array ? Buffer.from(spec.body) : spec.body;
  return new Request(url, { method: endpoint.method, headers, body: body === undefined || body === "" ? undefined : body });
}

for (const endpoint of endpoints) {
  test(`${endpoint.key}: hostile input never gets a 5xx, and a refusal writes nothing`, { timeout: 60_000 * factor }, async () => {
    const sample = SAMPLES[endpoint.key];
    expect(sample, `add a sample for ${endpoint.key} to SAMPLES`).toBeDefined();
    const f = await createEndpointFixture(`p${endpoints.indexOf(endpoint)}`);
    session.userId = f.owner.id;
    const uploads = (await sample.uploads?.(f)) ?? [];
    const handler = await loadHandler(endpoint.route, endpoint.method);
    let before: DbFingerprint = await fingerprints.take();
    const statuses = new Map<number, number>();

    await fc.assert(
      fc.asyncProperty(requestArbitrary(endpoint, sample, f, uploads), async (spec) => {
        const response = await handler(toRequest(endpoint, spec), { params: Promise.resolve(spec.params) });
        const text = await response.text();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        const after = await fingerprints.take();
        // A refused sign-up is counted (that is the rate limit on probing for accounts); nothing else may be written.
        const changed = changedTables(before, after).filter((t) => !t.startsWith("SignUpRefusal "));
        before = after;
        expect(response.status, text).toBeLessThan(500);
        // Whatever it answered, the OpenAPI document (lib/api/openapi) lists that status with this body's shape.
        let parsed: unknown = null;
        try {
          parsed = text ? JSON.parse(text) : null;
        } catch {
          // not JSON: the next expectations say so
        }
        expect(openApiMismatches({ method: endpoint.method, route: endpoint.route.route, status: response.status, body: parsed, contentType: response.headers.get("content-type") })).toEqual([]);
        if (response.status === 204) return;
        expect(response.headers.get("content-type"), text.slice(0, 200)).toMatch(/^application\/json/);
        const body = JSON.parse(text) as { error?: unknown };
        if (response.status >= 400) {
          expect(typeof body.error === "string" && body.error.length > 0, `a ${response.status} without an error message: ${text.slice(0, 300)}`).toBe(true);
          expect(changed, `a ${response.status} (${String(body.error).slice(0, 200)}) changed rows`).toEqual([]);
        }
      }),
      { numRuns: uploads.length ? RUNS.upload : RUNS.json },
    );
    // The fuzzing got past authorization: an endpoint that reads input refused some as invalid,
    // one that reads none acted at least once.
    const readsInput = uploads.length > 0 || (sample.bodies?.(f) ?? []).some((b) => b !== undefined);
    const expected = readsInput ? [400, 409, 413, 422] : [200, 201, 204];
    expect([...statuses.keys()].some((s) => expected.includes(s)), `statuses seen: ${JSON.stringify([...statuses])}`).toBe(true);
  });
}
