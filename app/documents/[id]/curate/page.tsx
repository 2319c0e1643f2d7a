import Link from "next/link";
import { curationView } from "@/lib/server/curation/curate-document";
import { getDocument } from "@/lib/server/documents/get-document";
import { listLabels } from "@/lib/server/labels/list-labels";
import { listProjectAuthors } from "@/lib/server/members/list-members";
import { pageDocumentAccess, pageUser } from "@/lib/server/session/page-user";
import { CurationBoard } from "@/components/curation/curation-board";

export const metadata = { title: "Curate" };

export default async function CuratePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await pageUser(`/documents/${id}/curate`);
  const access = await pageDocumentAccess(user.id, id, "see-progress");
  const [doc, view, labels, members] = await Promise.all([getDocument(access), curationView(access), listLabels(access), listProjectAuthors(access)]);
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600">
        <Link href={`/projects/${doc.projectId}`} className="hover:underline">{doc.projectName}</Link> /{" "}
        <Link href={`/documents/${doc.id}`} className="hover:underline">{doc.title}</Link> /
      </p>
      <h1 className="text-2xl font-semibold">Curate: {doc.title}</h1>
      <CurationBoard
        documentId={doc.id}
        text={doc.text}
        view={view}
        labels={Object.fromEntries(labels.map((l) => [l.id, { name: l.name, color: l.color }]))}
        names={Object.fromEntries(members.map((m) => [m.userId, m.name]))}
      />
    </div>
  );
}
