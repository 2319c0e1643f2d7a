// Checks an API answer against the OpenAPI document (lib/api/openapi): its status must be one the
// document lists for the operation, and a JSON body must validate against that status's schema
// (JSON Schema 2020-12, as OpenAPI 3.1 uses, by ajv). Integration tests call it on real answers so
// the document stays true to what the handlers send.
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { openApiDocument, openApiPath, resolveResponse, type ResponseObject } from "@/lib/api/openapi/document";

type Answer = {
  method: string;
  /** The route as app/api names it ("/api/projects/[id]") or as the document does ("/api/projects/{id}"). */
  route: string;
  status: number;
  /** The parsed JSON body, the text of another body, or null when there was none. */
  body: unknown;
  /** The answer's Content-Type header. */
  contentType?: string | null;
};


let ajv: Ajv2020 | null = null;
const validators = new Map<string, ValidateFunction>();

function compiler(): Ajv2020 {
  if (ajv) return ajv;
  ajv = new Ajv2020({ strict: false, allErrors: true });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  // The components, under an id of their own, so that a response schema's "#/components/…" refers into them.
  ajv.addSchema({ $id: "openapi-components", components: openApiDocument().components } as object);
  return ajv;
}

function validatorFor(key: string, schema: unknown): ValidateFunction {
  let validate = validators.get(key);
  if (!validate) {
    const text = JSON.stringify(schema).replaceAll('"$ref":"#/components/', '"$ref":"openapi-components#/components/');
    validate = compiler().compile(JSON.parse(text) as object);
    validators.set(key, validate);
  }
  return validate;
}

const isJson = (type: string) => /^application\/([\w.+-]+\+)?json\b/i.test(type);

/** What is wrong with this answer according to the document; an empty list when nothing is. */
export function openApiMismatches({ method, route, status, body, contentType }: Answer): string[] {
  const path = openApiPath(route);
  const operation = (openApiDocument().paths?.[path] as Record<string, { responses?: Record<string, ResponseObject | { $ref: string }> }> | undefined)?.[method.toLowerCase()];
  if (!operation) return [`${method} ${path} is not in the OpenAPI document`];
  const response = resolveResponse(operation.responses?.[String(status)]);
  const where = `${method} ${path} ${status}`;
  if (!response) return [`${where}: the document does not list status ${status} (it lists ${Object.keys(operation.responses ?? {}).join(", ")})`];
  const content = response.content ?? {};
  const types = Object.keys(content);
  // No body (204, or a stream the test stopped reading): nothing more to check.
  if (body === null || body === undefined || body === "") return [];
  if (!types.length) return [`${where}: the document says this answer has no body, but it had one`];
  const type = (contentType ?? "application/json").split(";")[0].trim();
  const media = content[type] ?? (isJson(type) ? content["application/json"] : undefined) ?? content["*/*"];
  if (!media) return [`${where}: answered ${type}, the document lists ${types.join(", ")}`];
  if (!isJson(type) || media.schema === undefined) return [];
  const validate = validatorFor(`${where} ${type}`, media.schema);
  if (validate(body)) return [];
  return (validate.errors ?? []).slice(0, 8).map((e) => `${where}: body${e.instancePath || ""} ${e.message ?? "is invalid"}${e.params && "additionalProperty" in e.params ? ` (${String(e.params.additionalProperty)})` : ""}`);
}
