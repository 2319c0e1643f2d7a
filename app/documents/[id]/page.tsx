import Link from "next/link";
import { documentAgreementFigures } from "@/lib/server/figures/figures";
import { FiguresStatus } from "@/components/dashboard/figures-status";
import { listDocumentAnnotationsCompact } from "@/lib/server/annotations/list-annotations";
import { can } from "@/lib/server/authz";
import { getDocument, keptOriginals } from "@/lib/server/documents/get-document";
import { OriginalPage } from "@/components/documents/original-page";
import { DocumentDetailsForm } from "@/components/documents/document-details-form";
import { DeleteDocumentButton } from "@/components/documents/delete-document-button";
import { isWebUrl } from "@/lib/documents/source-url";
import { listLabels } from "@/lib/server/labels/list-labels";
import { listProjectAuthors } from "@/lib/server/members/list-members";
import { pageDocumentAccess, pageUser } from "@/lib/server/session/page-user";
import { DocumentViewer } from "@/components/viewer/document-viewer";
import { FinishToggle } from "@/components/assignments/finish-toggle";
import { myAssignment } from "@/lib/server/assignments/list-assignments";
import { documentNeighbours } from "@/lib/server/documents/document-neighbours";
import { DocumentFlow } from "@/components/documents/document-flow";
import { listRelationTypes } from "@/lib/server/relations/relation-types";
import { listDocumentRelations } from "@/lib/server/relations/relations";

export default async function DocumentPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ disagreements?: string }> }) {
  const { id } = await params;
  const { disagreements: showDisagreements } = await searchParams;
  const user = await pageUser(`/documents/${id}`);
  const access = await pageDocumentAccess(user.id, id);
  // The untrimmed original and the web page stay on the server until asked for.
  const [doc, kept, labels, members, annotations, assignment, relationTypes, relations, neighbours] = await Promise.all([
    getDocument(access),
    keptOriginals(access),
    listLabels(access),
    listProjectAuthors(access),
    listDocumentAnnotationsCompact(access),
    myAssignment(access),
    listRelationTypes(access),
    listDocumentRelations(access),
    documentNeighbours(access),
  ]);
  // Curators can open a document to see where its annotators disagree.
  const agreement = showDisagreements === "1" && can(access, "see-progress") ? await documentAgreementFigures(access) : null;
  const disagreements = agreement?.figures?.disagreements ?? [];
  // The heading and details sit above the text in its column, so the annotation panel beside the
  // text starts at the top of the page (components/viewer/document-viewer.tsx lays the two out).
  const header = (
    <div className="space-y-4">
      <p className="text-sm text-slate-600">
        <Link href={`/projects/${doc.projectId}`} className="hover:underline">{doc.projectName}</Link> /
      </p>
      <h1 className="text-2xl font-semibold">{doc.title}</h1>
      <DocumentFlow projectId={doc.projectId} documentId={doc.id} flow={neighbours} />
      {agreement ? <FiguresStatus status={agreement} /> : null}
      {/* The curator's actions sit beside the details, not in the <dl>: a <dd> needs its <dt>. */}
      <div className="flex flex-wrap items-center gap-x-6 gap-y-1 text-sm text-slate-700">
        <dl className="flex flex-wrap gap-x-6 gap-y-1">
          {doc.publisher ? (<div><dt className="inline font-medium">Publisher: </dt><dd className="inline">{doc.publisher}</dd></div>) : null}
          {doc.author ? (<div><dt className="inline font-medium">Author: </dt><dd className="inline">{doc.author}</dd></div>) : null}
          {doc.tags.length ? (<div><dt className="inline font-medium">Tags: </dt><dd className="inline">{doc.tags.join(", ")}</dd></div>) : null}
          {doc.publishedOn ? (<div><dt className="inline font-medium">Published: </dt><dd className="inline">{doc.publishedOn}</dd></div>) : null}
          {doc.sourceUrl ? (
            <div>
              <dt className="inline font-medium">Source: </dt>
              <dd className="inline [overflow-wrap:anywhere]">{isWebUrl(doc.sourceUrl) ? <a href={doc.sourceUrl} rel="noreferrer noopener" className="underline">{doc.sourceUrl}</a> : doc.sourceUrl}</dd>
            </div>
          ) : null}
          <div><dt className="inline font-medium">Length: </dt><dd className="inline">{doc.length.toLocaleString("en")} characters</dd></div>
          {kept.rawText ? <div><dt className="inline font-medium">Import: </dt><dd className="inline">site furniture trimmed (original kept below)</dd></div> : null}
          {assignment ? (
            <div className="flex items-center gap-2">
              <dt className="font-medium">Assigned to you:</dt>
              <dd className="inline-flex items-center gap-2">
                <span data-testid="assignment-state">{assignment.finished ? "finished" : "to do"}</span>
                <FinishToggle documentId={doc.id} finished={assignment.finished} moveOn={{ next: neighbours.nextUnfinished }} />
              </dd>
            </div>
          ) : null}
        </dl>
        {can(access, "curate") ? (
          <>
            <Link href={`/documents/${doc.id}/curate`} className="text-blue-800 underline">Curate the gold layer</Link>
            <DeleteDocumentButton documentId={doc.id} projectId={doc.projectId} title={doc.title} />
          </>
        ) : null}
      </div>
      {can(access, "curate") ? (
        <DocumentDetailsForm
          documentId={doc.id}
          details={{ title: doc.title, publisher: doc.publisher, author: doc.author, publishedOn: doc.publishedOn, sourceUrl: doc.sourceUrl, language: doc.language, tags: doc.tags }}
        />
      ) : null}
    </div>
  );
  const footer = kept.originalHtml || kept.rawText ? (
    <>
      {kept.originalHtml ? <OriginalPage documentId={doc.id} /> : null}
      {kept.rawText ? <OriginalPage documentId={doc.id} kept="rawText" /> : null}
    </>
  ) : null;
  return (
    <article>
      <DocumentViewer
        document={{ id: doc.id, projectId: doc.projectId, text: doc.text, language: doc.language }}
        labels={labels.map(({ annotationCount: _c, position: _p, ...l }) => l)}
        members={members.map((m) => ({ userId: m.userId, name: m.name, role: m.role }))}
        me={{ id: user.id }}
        may={{ annotate: can(access, "annotate"), editOthers: can(access, "edit-others") }}
        initial={annotations.annotations}
        initialCursor={annotations.cursor}
        disagreements={disagreements}
        relationTypes={relationTypes.map(({ relationCount: _c, position: _p, ...t }) => t)}
        initialRelations={relations.map(({ documentId: _d, createdAt: _c, ...r }) => r)}
        header={header}
        footer={footer}
      />
    </article>
  );
}
