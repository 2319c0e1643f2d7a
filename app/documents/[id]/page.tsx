import Link from "next/link";
import { getDocument } from "@/lib/server/documents/get-document";
import { pageDocumentAccess, pageUser } from "@/lib/server/session/page-user";

export default async function DocumentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await pageUser(`/documents/${id}`);
  const access = await pageDocumentAccess(user.id, id);
  const doc = await getDocument(access, { withRaw: true });
  const paragraphs = doc.text.split(/\n+/).filter((p) => p.trim());
  return (
    <article className="space-y-4">
      <p className="text-sm text-slate-600">
        <Link href={`/projects/${doc.projectId}`} className="hover:underline">{doc.projectName}</Link> /
      </p>
      <h1 className="text-2xl font-semibold">{doc.title}</h1>
      <dl className="flex flex-wrap gap-x-6 gap-y-1 text-sm text-slate-700">
        {doc.publisher ? (<div><dt className="inline font-medium">Publisher: </dt><dd className="inline">{doc.publisher}</dd></div>) : null}
        {doc.publishedOn ? (<div><dt className="inline font-medium">Published: </dt><dd className="inline">{doc.publishedOn}</dd></div>) : null}
        {doc.sourceUrl ? (<div><dt className="inline font-medium">Source: </dt><dd className="inline"><a href={doc.sourceUrl} rel="noreferrer noopener" className="underline">{doc.sourceUrl}</a></dd></div>) : null}
        <div><dt className="inline font-medium">Length: </dt><dd className="inline">{doc.length.toLocaleString("en")} characters</dd></div>
        {doc.trimmed ? <div><dd>Site furniture trimmed at import (original kept)</dd></div> : null}
      </dl>
      <div className="max-w-3xl space-y-3 rounded border border-slate-200 bg-white p-6 leading-relaxed" data-testid="document-text">
        {paragraphs.map((p, i) => (
          <p key={i} className="whitespace-pre-wrap">{p}</p>
        ))}
      </div>
      {doc.rawText ? (
        <details className="max-w-3xl text-sm">
          <summary className="cursor-pointer text-slate-700">Show the original text as imported, before trimming</summary>
          <pre className="mt-2 max-h-96 overflow-auto whitespace-pre-wrap rounded border border-slate-200 bg-slate-100 p-3">{doc.rawText}</pre>
        </details>
      ) : null}
    </article>
  );
}
