import { FieldTable } from "@/components/api-reference/field-table";
import type { JsonSchema } from "@/lib/api/openapi/schema-fields";

type Media = Record<string, { schema?: JsonSchema }>;
type Parameter = { name: string; in: string; required?: boolean; description?: string; schema?: JsonSchema };
export type OperationView = {
  operationId?: string;
  summary?: string;
  parameters?: Parameter[];
  requestBody?: { content?: Media };
  responses: Record<string, { description: string; content?: Media }>;
  "x-permission"?: { who: string; action?: string; roles?: string[] };
};

const METHOD_COLOR: Record<string, string> = {
  GET: "bg-sky-100 text-sky-900",
  POST: "bg-emerald-100 text-emerald-900",
  PUT: "bg-amber-100 text-amber-900",
  PATCH: "bg-amber-100 text-amber-900",
  DELETE: "bg-rose-100 text-rose-900",
};

/** One operation: method and path, who may call it, its parameters, body and answers. */
export function OperationSection({ method, path, operation }: { method: string; path: string; operation: OperationView }) {
  const permission = operation["x-permission"];
  const statuses = Object.entries(operation.responses);
  const successes = statuses.filter(([s]) => Number(s) < 400);
  const errors = statuses.filter(([s]) => Number(s) >= 400);
  const parameters = operation.parameters ?? [];
  return (
    <section id={operation.operationId} aria-labelledby={`${operation.operationId}-title`} className="space-y-3 rounded border border-slate-200 bg-white p-4">
      <h3 id={`${operation.operationId}-title`} className="flex flex-wrap items-baseline gap-2 font-mono text-sm">
        <span className={`rounded px-1.5 py-0.5 text-xs font-semibold ${METHOD_COLOR[method] ?? "bg-slate-100"}`}>{method}</span>{" "}
        <span className="break-all">{path}</span>
      </h3>
      {operation.summary ? <p className="text-sm text-slate-800">{operation.summary}</p> : null}
      {permission ? (
        <p className="text-sm text-slate-700">
          <span className="font-medium">Who may call it:</span> {permission.who}
          {permission.action ? (
            <>
              {" "}
              (permission <code className="font-mono text-xs">{permission.action}</code>: {permission.roles?.join(", ")})
            </>
          ) : null}
        </p>
      ) : null}
      {parameters.length ? (
        <table className="w-full border-collapse text-left text-sm">
          <caption className="pb-1 text-left text-sm font-medium text-slate-800">Parameters</caption>
          <tbody>
            {parameters.map((p) => (
              <tr key={`${p.in}-${p.name}`} className="border-b border-slate-100 align-top">
                <td className="py-1 pr-3 font-mono text-xs">
                  {p.name}
                  {p.required ? <span className="ml-1 text-rose-700" title="required">*</span> : null}
                </td>
                <td className="py-1 pr-3 text-xs text-slate-600">{p.in}</td>
                <td className="py-1 text-slate-700">{p.description ?? p.schema?.description ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {Object.entries(operation.requestBody?.content ?? {}).map(([type, media]) =>
        media.schema ? <FieldTable key={type} schema={media.schema} caption={`Request body (${type})`} /> : null,
      )}
      {successes.map(([status, response]) => (
        <div key={status} className="space-y-1">
          <p className="text-sm">
            <span className="font-mono font-semibold text-emerald-800">{status}</span> {response.description}
          </p>
          {Object.entries(response.content ?? {}).map(([type, media]) =>
            media.schema && type.includes("json") ? <FieldTable key={type} schema={media.schema} caption={`Answer (${type})`} /> : <p key={type} className="text-xs text-slate-600">{type}</p>,
          )}
        </div>
      ))}
      <details className="text-sm">
        <summary className="cursor-pointer text-slate-700">Errors: {errors.map(([s]) => s).join(", ")}</summary>
        <ul className="mt-1 space-y-0.5">
          {errors.map(([status, response]) => (
            <li key={status}>
              <span className="font-mono font-semibold text-rose-800">{status}</span> {response.description}
            </li>
          ))}
        </ul>
      </details>
    </section>
  );
}
