// Turns the JSON Schemas of the OpenAPI document into rows a person reads (field, type, required,
// description), for the API reference page. Pure: no React, no server.

export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  description?: string;
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
};

export type FieldRow = { name: string; type: string; required: boolean; description: string; ref?: string };

/** "#/components/schemas/Label" → "Label". */
export const refName = (ref: string) => ref.slice(ref.lastIndexOf("/") + 1);

const isNull = (s: JsonSchema) => s.type === "null";

/** A short type: "string (date-time) or null", "array of Label", "one of: \"a\", \"b\"". */
export function typeOf(schema: JsonSchema): string {
  if (schema.$ref) return refName(schema.$ref);
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) {
    const named = variants.filter((v) => !isNull(v)).map(typeOf);
    const text = named.length === 1 ? named[0] : `one of: ${named.join(" | ")}`;
    return variants.some(isNull) ? `${text} or null` : text;
  }
  if (schema.allOf) return schema.allOf.map(typeOf).join(" and ");
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  const nullable = types.includes("null");
  const base = types.filter((t) => t !== "null");
  let text: string;
  if (schema.enum) text = schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  else if (base[0] === "array") text = `array of ${schema.items ? typeOf(schema.items) : "anything"}`;
  else if (base[0] === "object" && !schema.properties && schema.additionalProperties && typeof schema.additionalProperties === "object") {
    text = `map of ${typeOf(schema.additionalProperties)}`;
  } else if (base.length) text = base.join(" | ") + (schema.format && schema.format !== "binary" ? ` (${schema.format})` : schema.format === "binary" ? " (file)" : "");
  else text = "any";
  return nullable ? `${text} or null` : text;
}

/** Limits worth saying: length, range, pattern, default. */
function limitsOf(schema: JsonSchema): string {
  const parts: string[] = [];
  if (schema.minLength !== undefined || schema.maxLength !== undefined) parts.push(`${schema.minLength ?? 0}–${schema.maxLength ?? "…"} characters`);
  if (schema.minimum !== undefined || schema.maximum !== undefined) parts.push(`${schema.minimum ?? "…"} to ${schema.maximum ?? "…"}`);
  if (schema.minItems !== undefined || schema.maxItems !== undefined) parts.push(`${schema.minItems ?? 0}–${schema.maxItems ?? "…"} items`);
  if (schema.pattern) parts.push(`matches ${schema.pattern}`);
  if (schema.default !== undefined) parts.push(`default ${JSON.stringify(schema.default)}`);
  return parts.join("; ");
}

/** The object inside a schema whose fields are worth listing (through nullability, arrays and allOf). */
function objectOf(schema: JsonSchema): JsonSchema | null {
  if (schema.properties) return schema;
  if (schema.items) return objectOf(schema.items);
  const variants = (schema.anyOf ?? schema.oneOf)?.filter((v) => !isNull(v));
  if (variants?.length === 1) return objectOf(variants[0]);
  return null;
}

/** The fields of an object schema, nested ones as "parent.child" (array items as "parent[].child"), down to `depth` levels. */
export function fieldsOf(schema: JsonSchema, depth = 3, prefix = ""): FieldRow[] {
  const object = objectOf(schema);
  if (!object?.properties) return [];
  const required = new Set(object.required ?? []);
  return Object.entries(object.properties).flatMap(([key, field]) => {
    const name = prefix + key;
    const description = [field.description, limitsOf(field)].filter(Boolean).join(" — ");
    const row: FieldRow = { name, type: typeOf(field), required: required.has(key), description, ...(field.$ref ? { ref: refName(field.$ref) } : {}) };
    const isArray = field.type === "array" || (Array.isArray(field.type) && field.type.includes("array"));
    const nested = depth > 1 ? fieldsOf(field, depth - 1, `${name}${isArray ? "[]" : ""}.`) : [];
    return [row, ...nested];
  });
}
