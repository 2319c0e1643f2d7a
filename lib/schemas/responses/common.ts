import { z } from "zod";

// Building blocks of the API's answers (JSON as sent: dates are ISO 8601 strings). These schemas
// describe responses for the OpenAPI document (lib/api/openapi) and are checked against real
// answers by the integration tests (lib/testing/openapi-check.ts); they are not used to parse.

export const isoDateTime = z.iso.datetime().meta({ description: "ISO 8601 date and time (UTC)" });
export const roleSchema = z.enum(["OWNER", "CURATOR", "ANNOTATOR", "VIEWER"]);
export const kindSchema = z.enum(["ENTITY", "EVENT", "CLAIM"]);
export const reviewStateSchema = z.enum(["PENDING", "ACCEPTED", "REJECTED"]);
export const decisionSchema = z.enum(["ACCEPTED", "REJECTED"]);
/** A person as answers name them (author, reviewer, actor). */
export const personRef = z.object({ id: z.string(), name: z.string() });
export const count = z.number().int().min(0);
/** Where one page of a list sits: the total over all pages and the offset of the next (null at the end). */
export const pageFields = {
  total: count.meta({ description: "Rows over all pages" }),
  offset: count,
  limit: count,
  nextOffset: count.nullable().meta({ description: "Offset of the next page; null when this is the last" }),
};

/** Every error answer of the workbench's own handlers (lib/server/http/route.ts `errorResponse`). */
export const errorBody = z
  .object({
    error: z.string().meta({ description: "A message for people: what was wrong and what to do." }),
    code: z.enum([
      "INVALID_INPUT", "UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "CONFLICT", "TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE",
      "UNPROCESSABLE", "RATE_LIMITED", "UNAVAILABLE", "INTERNAL",
    ]),
    details: z.unknown().optional().meta({ description: "Extra facts for some errors, e.g. the current annotation on a version conflict." }),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional().meta({ description: "For INVALID_INPUT from schema validation: each field's problem." }),
  })
  .meta({ id: "Error" });

/**
 * A registered (named) schema or null. The generator writes `.nullable()` of a named schema as
 * allOf [$ref, type object|null], which refuses null; a union gives anyOf [$ref, null].
 */
export const orNull = <T extends z.ZodType>(schema: T) => z.union([schema, z.null()]);
