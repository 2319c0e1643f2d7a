import Link from "next/link";
import { FieldTable } from "@/components/api-reference/field-table";
import { OperationSection, type OperationView } from "@/components/api-reference/operation-section";
import { openApiDocument, resolveResponse } from "@/lib/api/openapi/document";
import type { JsonSchema } from "@/lib/api/openapi/schema-fields";

export const metadata = { title: "API reference" };

const METHODS = ["get", "post", "put", "patch", "delete"] as const;

// The API reference, rendered on the server from the same OpenAPI document as /api/openapi.json
// (no client script, nothing from another site: the CSP allows only this origin).
export default function ApiReferencePage() {
  const document = openApiDocument();
  const byTag = new Map<string, { method: string; path: string; operation: OperationView }[]>();
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const operation = (item as Record<string, OperationView & { tags?: string[] }>)[method];
      if (!operation) continue;
      const tag = operation.tags?.[0] ?? "Other";
      // Error answers are shared responses ($ref); the page shows each operation's in full.
      const responses = Object.fromEntries(Object.entries(operation.responses).map(([status, r]) => [status, resolveResponse(r as Parameters<typeof resolveResponse>[0])!]));
      byTag.set(tag, [...(byTag.get(tag) ?? []), { method: method.toUpperCase(), path, operation: { ...operation, responses } as OperationView }]);
    }
  }
  const tags = [...byTag.keys()];
  const schemas = Object.entries((document.components?.schemas ?? {}) as Record<string, JsonSchema>);
  return (
    <div className="space-y-8">
      <div className="space-y-2">
        <h1 className="text-2xl font-semibold">API reference</h1>
        <p className="max-w-3xl text-sm text-slate-700">
          Every route of the workbench&apos;s HTTP API, with who may call it, what it takes and what it answers. Scripts authenticate with a{" "}
          <Link href="/account/tokens" className="underline">personal API token</Link> sent as <code className="font-mono">Authorization: Bearer awb_…</code>.
          Offsets are Unicode code points into a document&apos;s text, end exclusive. Errors answer JSON <code className="font-mono">{"{error, code}"}</code>.
          The same description as OpenAPI 3.1: <a href="/api/openapi.json" className="underline">/api/openapi.json</a>.
        </p>
      </div>
      <nav aria-label="API sections">
        <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
          {tags.map((tag) => (
            <li key={tag}>
              <a href={`#tag-${tag.replace(/\W+/g, "-")}`} className="underline">{tag}</a> ({byTag.get(tag)!.length})
            </li>
          ))}
          <li>
            <a href="#schemas" className="underline">Shared shapes</a>
          </li>
        </ul>
      </nav>
      {tags.map((tag) => (
        <section key={tag} id={`tag-${tag.replace(/\W+/g, "-")}`} aria-labelledby={`tag-${tag.replace(/\W+/g, "-")}-title`} className="space-y-3">
          <h2 id={`tag-${tag.replace(/\W+/g, "-")}-title`} className="text-xl font-semibold">{tag}</h2>
          {byTag.get(tag)!.map(({ method, path, operation }) => (
            <OperationSection key={`${method} ${path}`} method={method} path={path} operation={operation} />
          ))}
        </section>
      ))}
      <section id="schemas" aria-labelledby="schemas-title" className="space-y-3">
        <h2 id="schemas-title" className="text-xl font-semibold">Shared shapes</h2>
        {schemas.map(([name, schema]) => (
          <div key={name} id={`schema-${name}`} className="rounded border border-slate-200 bg-white p-4">
            <FieldTable schema={schema} caption={name} />
          </div>
        ))}
      </section>
    </div>
  );
}
