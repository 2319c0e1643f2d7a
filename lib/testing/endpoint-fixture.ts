// A project in which every mutating endpoint has something real to act on, seen from its owner:
// the tricky project (two annotators, every kind, relations, reviews, comments, a gold layer) plus
// the owner's own annotation, a comment thread by the owner, knowledge-base items with a linked
// mention and an open suggestion, an assignment, an unused label and relation type, and an API token. Server
// tests import it after pointing lib/db at a test database.
import { uuidv7 } from "@/lib/ids";
import { asUser, documentAccessOf, projectAccessOf } from "@/lib/testing/access";
import { createTrickyProject } from "@/lib/testing/tricky-project";

export type EndpointFixture = Awaited<ReturnType<typeof createEndpointFixture>>;

export async function createEndpointFixture(suffix: string) {
  const { db } = await import("@/lib/db");
  const { createAnnotation } = await import("@/lib/server/annotations/create-annotation");
  const { addComment } = await import("@/lib/server/comments/annotation-comments");
  const { createCanonicalItem } = await import("@/lib/server/knowledge/create-canonical-item");
  const { linkAnnotationToCanonical } = await import("@/lib/server/knowledge/link-annotation");
  const { suggestMentions } = await import("@/lib/server/knowledge/suggest-mentions");
  const { setDocumentAssignees } = await import("@/lib/server/assignments/assign-documents");
  const { createLabel } = await import("@/lib/server/labels/save-label");
  const { createRelationType } = await import("@/lib/server/relations/relation-types");
  const { createApiToken } = await import("@/lib/server/tokens/create-api-token");
  const { createProject } = await import("@/lib/server/projects/create-project");
  const { inviteMember } = await import("@/lib/server/members/invite-member");
  const { resolveProject, sessionCaller } = await import("@/lib/server/authz");
  const { secretOf } = await import("@/lib/testing/members");

  const tricky = await createTrickyProject(suffix);
  const { owner, amina, project, documentId, plainId, labels } = tricky;
  const label = (name: string) => labels.find((l) => l.name === name)!;
  const plainAccess = await documentAccessOf(owner.id, plainId);
  const ownerAccess = await projectAccessOf(owner.id, project.id);
  // "Putin visited Pyongyang."
  const own = (await createAnnotation(plainAccess, { id: uuidv7(), labelId: label("Person").id, start: 0, end: 5, exact: "Putin", attributes: {}, note: "mine" })).annotation;
  const ownVisit = (await createAnnotation(plainAccess, { id: uuidv7(), labelId: label("Meeting/Visit").id, start: 0, end: 23, exact: "Putin visited Pyongyang", attributes: {}, note: "" })).annotation;
  const thread = (await addComment(asUser(owner.id), own.id, { body: "Which Putin?" })) as { id: string };
  const putin = await createCanonicalItem(ownerAccess, { kind: "ENTITY", name: "Vladimir Putin", aliases: ["Putin"], description: "" });
  const putinAgain = await createCanonicalItem(ownerAccess, { kind: "ENTITY", name: "V. Putin", aliases: [], description: "" });
  const summit = await createCanonicalItem(ownerAccess, { kind: "EVENT", name: "Vladivostok summit", aliases: [], date: "2019-04", description: "" });
  await linkAnnotationToCanonical(asUser(owner.id), own.id, putin.id);
  await suggestMentions(ownerAccess);
  const suggestion = await db.suggestion.findFirstOrThrow({ where: { projectId: project.id } });
  await setDocumentAssignees(ownerAccess, { documentId, userIds: [owner.id, amina.id] });
  const unusedLabel = await createLabel(ownerAccess, { name: "Unused", kind: "ENTITY", color: labels[0].color, hotkey: null, description: "" });
  const unusedType = await createRelationType(ownerAccess, { name: "unused", fromKind: "ENTITY", toKind: "ENTITY", description: "" });
  const relation = await db.relation.findFirstOrThrow({ where: { projectId: project.id } });
  const { token } = await createApiToken(owner.id, { name: "script", projectIds: [project.id], access: "READ", expiresInDays: 30 });
  // An open invitation of the project, and one for the owner into a project of Amina's.
  const invite = async (projectId: string, inviterId: string, email: string) =>
    inviteMember(await resolveProject(sessionCaller(inviterId), projectId, "manage-members"), inviterId, { email, role: "ANNOTATOR" });
  const invitation = (await invite(project.id, owner.id, `invitee-${suffix}@tricky.test`)).invitation;
  const aminas = await createProject(amina.id, { name: `Amina's ${suffix}`, description: "" });
  const invitationForOwner = secretOf((await invite(aminas.id, amina.id, owner.email)).path);
  // A candidate (span + label) of Amina's the curator can take into the gold layer.
  const { ids } = tricky;
  const candidateKey = `${ids.putin.start}:${ids.putin.end}:${ids.putin.labelId}`;
  // A restored file's person, a name that is not an account, for the owner to map to a member.
  const importedAuthorId = uuidv7();
  const importedAuthor = await db.user.create({ data: { id: importedAuthorId, email: `imported:${importedAuthorId}`, name: "Restored person (imported)", importedIntoProjectId: project.id }, select: { id: true } });
  // A model server and what it proposed in the plain text ("Pyongyang" as a Location), to decide.
  const recommender = await db.recommender.create({ data: { projectId: project.id, kind: "LABEL_STUDIO", name: "Model server", url: "http://127.0.0.1:9/" }, select: { id: true } });
  await db.proposal.create({ data: { projectId: project.id, documentId: plainId, recommenderId: recommender.id, labelId: label("Location").id, start: 14, end: 23, exact: "Pyongyang", score: 0.8 } });
  // A document in Deleted documents, to restore.
  const deletedText = `Deleted ${suffix}: Kim Jong Un met Putin.`;
  const deleted = await db.document.create({
    data: { projectId: project.id, title: "Deleted", text: deletedText, contentHash: uuidv7(), length: [...deletedText].length, deletedAt: new Date(), deletedById: owner.id },
    select: { id: true },
  });
  // A finished export of the owner's, to remove.
  const exportJob = await db.exportJob.create({
    data: { id: uuidv7(), projectId: project.id, userId: owner.id, options: { format: "csv" }, origin: "http://localhost", state: "DONE", fileName: "f.csv", contentType: "text/csv", bytes: 4, chunks: { create: { seq: 0, data: Buffer.from("a,b\n") } } },
    select: { id: true },
  });
  return {
    ...tricky,
    exportId: exportJob.id,
    own,
    ownVisit,
    thread,
    items: { putin, putinAgain, summit },
    suggestion,
    unusedLabel,
    unusedType,
    relation,
    token,
    invitation,
    invitationForOwner,
    candidateKey,
    importedAuthor,
    deletedId: deleted.id,
    recommender,
  };
}

/** Every id of a fixture, for use as "someone else's id" against another project. */
export function idsOf(f: EndpointFixture): string[] {
  return [
    f.project.id, f.documentId, f.plainId, f.deletedId, f.exportId, f.owner.id, f.amina.id, f.bruno.id, f.own.id, f.ownVisit.id, f.thread.id,
    f.items.putin.id, f.items.summit.id, f.suggestion.id, f.unusedLabel.id, f.unusedType.id, f.relation.id, f.token.id, f.invitation.id, f.recommender.id,
    ...Object.values(f.ids).map((a) => a.id), ...f.labels.map((l) => l.id),
  ];
}
