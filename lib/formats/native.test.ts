import { expect, test } from "vitest";
import { nativeFileSchema } from "@/lib/formats/native";

// A workbench file is hostile input too (anyone can write one and restore it, adding existing
// people as members): what pages put into links, style attributes and text must be checked.

const id = () => crypto.randomUUID();
const now = "2026-01-01T00:00:00.000Z";
const labelId = id();
const userId = id();

function file({ sourceUrl = null as string | null, color = "#fcd34d", attributes = {} as Record<string, unknown> } = {}) {
  return {
    format: "annotation-workbench",
    version: 1,
    project: { id: id(), name: "P", description: "", peerReview: false, agreementThreshold: 2, createdAt: now },
    labels: [{ id: labelId, name: "Claim", kind: "CLAIM", color, hotkey: null, description: "", position: 0, createdAt: now }],
    users: [{ id: userId, name: "A", email: "a@example.test" }],
    members: [],
    documents: [{
      id: id(), title: "T", text: "Hello world", rawText: null, contentHash: "x", length: 11, fileName: null, sourceUrl, publisher: null,
      publishedOn: null, language: null, createdById: null, createdAt: now, curationDecisions: [], assignments: [],
      annotations: [{
        id: id(), labelId, authorId: userId, start: 0, end: 5, exact: "Hello", prefix: "", suffix: " world", attributes, note: "", version: 1,
        reviewState: "PENDING", gold: false, goldSources: [], deletedAt: null, createdAt: now, updatedAt: now, reviews: [], comments: [], history: [],
      }],
    }],
  };
}
const problems = (data: unknown) => {
  const parsed = nativeFileSchema.safeParse(data);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

test("a web address is kept as the source; a script, data or relative URL is refused", () => {
  expect(problems(file({ sourceUrl: "https://kcna.example/article?id=1" }))).toEqual([]);
  expect(problems(file({ sourceUrl: null }))).toEqual([]);
  for (const sourceUrl of ["javascript:alert(1)", " javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,<script>alert(1)</script>", "/relative", "vbscript:x"]) {
    expect(problems(file({ sourceUrl })), sourceUrl).toEqual(["documents.0.sourceUrl: a source URL must start with http:// or https://"]);
  }
});

test("a label colour is a hex colour (read in lower case), never more CSS", () => {
  expect(nativeFileSchema.parse(file({ color: "#FDA4AF" })).labels[0].color).toBe("#fda4af");
  for (const color of ["red", "#fff;position:fixed", "#fcd34d; background:url(//evil.example)", "expression(alert(1))"]) {
    expect(problems(file({ color })), color).toEqual(["labels.0.color: a label colour is a hex colour like #fcd34d"]);
  }
});

test("attributes have the types the pages expect; unknown keys pass", () => {
  expect(problems(file({ attributes: { claimantText: "<b>the minister</b>", stance: "critical", date: "2019-04", participantIds: [id()], legacy: 1 } }))).toEqual([]);
  expect(problems(file({ attributes: { claimantText: { $$typeof: "react.element" } } }))).toHaveLength(1);
  expect(problems(file({ attributes: { participantIds: "<script>alert(1)</script>" } }))).toHaveLength(1);
  expect(problems(file({ attributes: { stance: "__proto__" } }))).toHaveLength(1);
});
