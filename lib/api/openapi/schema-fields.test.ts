import { expect, test } from "vitest";
import { fieldsOf, typeOf } from "@/lib/api/openapi/schema-fields";

test("types read as a person would say them", () => {
  expect(typeOf({ type: ["string", "null"], format: "date-time" })).toBe("string (date-time) or null");
  expect(typeOf({ type: "array", items: { $ref: "#/components/schemas/Label" } })).toBe("array of Label");
  expect(typeOf({ anyOf: [{ $ref: "#/components/schemas/Annotation" }, { type: "null" }] })).toBe("Annotation or null");
  expect(typeOf({ type: "string", enum: ["ENTITY", "EVENT"] })).toBe('"ENTITY" | "EVENT"');
  expect(typeOf({ type: "object", additionalProperties: { type: "integer" } })).toBe("map of integer");
});

test("fields list nested objects and array items with their paths, required marks and limits", () => {
  const rows = fieldsOf({
    type: "object",
    required: ["labels"],
    properties: {
      labels: { type: "array", items: { type: "object", required: ["name"], properties: { name: { type: "string", maxLength: 60 }, hotkey: { type: ["string", "null"] } } } },
      next: { type: ["integer", "null"], description: "Where the next page starts" },
    },
  });
  expect(rows).toEqual([
    { name: "labels", type: "array of object", required: true, description: "" },
    { name: "labels[].name", type: "string", required: true, description: "0–60 characters" },
    { name: "labels[].hotkey", type: "string or null", required: false, description: "" },
    { name: "next", type: "integer or null", required: false, description: "Where the next page starts" },
  ]);
});
