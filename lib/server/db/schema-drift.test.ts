import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { expect, test } from "vitest";
import { createTestDatabase } from "@/lib/testing/test-database";
import { actualSnapshot, expectedSnapshot } from "@/lib/server/db/schema-snapshot";

const schemaPath = path.resolve(import.meta.dirname, "../../../prisma/schema.prisma");

test("applying every migration to an empty database yields exactly the Prisma schema", async () => {
  const url = await createTestDatabase();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const actual = await actualSnapshot(client);
    const expected = await expectedSnapshot(fs.readFileSync(schemaPath, "utf8"));
    // Tables, columns (type, nullability, database default), indexes and foreign keys, by name.
    expect(actual).toEqual(expected);
  } finally {
    await client.end();
  }
});

test("the comparison notices a column the migrations lack", async () => {
  const url = await createTestDatabase();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`ALTER TABLE "Document" DROP COLUMN "language"`);
    await client.query(`DROP INDEX "Annotation_labelId_idx"`);
    const actual = await actualSnapshot(client);
    const expected = await expectedSnapshot(fs.readFileSync(schemaPath, "utf8"));
    expect(actual).not.toEqual(expected);
    expect(expected.tables.Document.columns.language).toEqual({ type: "text", nullable: true, hasDefault: false });
    expect(actual.tables.Document.columns.language).toBeUndefined();
    expect(actual.tables.Annotation.indexes.Annotation_labelId_idx).toBeUndefined();
  } finally {
    await client.end();
  }
});
