import { fieldsOf, typeOf, type JsonSchema } from "@/lib/api/openapi/schema-fields";

/** The fields of a request or response body (or a named schema), as a table; a bare type when it has none. */
export function FieldTable({ schema, caption }: { schema: JsonSchema; caption: string }) {
  const rows = fieldsOf(schema);
  if (!rows.length) {
    return (
      <p className="text-sm text-slate-700">
        {caption}: <TypeText type={typeOf(schema)} refName={schema.$ref ? typeOf(schema) : undefined} />
      </p>
    );
  }
  return (
    <table className="w-full border-collapse text-left text-sm">
      <caption className="pb-1 text-left text-sm font-medium text-slate-800">
        {caption}
        {schema.$ref ? <> (<TypeText type={typeOf(schema)} refName={typeOf(schema)} />)</> : null}
      </caption>
      <thead>
        <tr className="border-b border-slate-200 text-xs uppercase text-slate-500">
          <th scope="col" className="py-1 pr-3 font-medium">Field</th>
          <th scope="col" className="py-1 pr-3 font-medium">Type</th>
          <th scope="col" className="py-1 font-medium">Notes</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.name} className="border-b border-slate-100 align-top">
            <td className="py-1 pr-3 font-mono text-xs">
              {row.name}
              {row.required ? <span className="ml-1 text-rose-700" title="required">*</span> : null}
            </td>
            <td className="py-1 pr-3 font-mono text-xs text-slate-700">
              <TypeText type={row.type} refName={row.ref} />
            </td>
            <td className="py-1 text-slate-700">{row.description}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function TypeText({ type, refName }: { type: string; refName?: string }) {
  return refName ? (
    <a href={`#schema-${refName}`} className="text-sky-800 underline">
      {type}
    </a>
  ) : (
    <>{type}</>
  );
}
