// The migrations, applied one by one to an empty database, produce exactly what
// prisma/schema.prisma declares (tables, columns with their types, nullability and default
// values, indexes with their method and predicate, foreign keys, enums) plus what Prisma cannot
// express, as listed in prisma/database-extras.sql (functions, triggers, sequences, CHECK
// constraints, expression/partial/GIN indexes, views, extensions). And the comparison sees drift.
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { expect, test } from "vitest";
import { createTestDatabase } from "@/lib/testing/test-database";
import { actualSnapshot, expectedSnapshot, schemaDrift } from "@/lib/server/db/schema-snapshot";

const root = path.resolve(import.meta.dirname, "../../..");
const schemaText = fs.readFileSync(path.join(root, "prisma/schema.prisma"), "utf8");
const extrasPath = path.join(root, "prisma/database-extras.sql");
const extrasText = () => fs.readFileSync(extrasPath, "utf8");

async function migratedDatabase() {
  const client = new pg.Client({ connectionString: await createTestDatabase() });
  await client.connect();
  return client;
}

test("applying every migration to an empty database yields exactly the Prisma schema and the declared extras", async () => {
  const client = await migratedDatabase();
  try {
    const { drift, extras } = await schemaDrift(client, schemaText, fs.existsSync(extrasPath) ? extrasText() : "");
    // After a migration that changes a function, trigger, CHECK, … on purpose: regenerate the list, review its diff.
    if (process.env.UPDATE_DATABASE_EXTRAS) fs.writeFileSync(extrasPath, extras);
    expect(drift.filter((d) => !process.env.UPDATE_DATABASE_EXTRAS || !d.includes("database-extras.sql"))).toEqual([]);
  } finally {
    await client.end();
  }
});

test("the comparison notices a column the migrations lack", async () => {
  const client = await migratedDatabase();
  try {
    await client.query(`ALTER TABLE "Document" DROP COLUMN "language"`);
    await client.query(`DROP INDEX "Annotation_labelId_idx"`);
    const actual = await actualSnapshot(client);
    const expected = await expectedSnapshot(schemaText);
    expect(actual).not.toEqual(expected);
    expect(expected.tables.Document.columns.language).toEqual({ type: "text", nullable: true, default: null });
    expect(actual.tables.Document.columns.language).toBeUndefined();
    expect(actual.tables.Annotation.indexes.Annotation_labelId_idx).toBeUndefined();
    const { drift } = await schemaDrift(client, schemaText, extrasText());
    expect(drift).toContainEqual(expect.stringMatching(/^Document\.columns\.language: in prisma\/schema\.prisma but missing/));
    expect(drift).toContainEqual(expect.stringMatching(/^Annotation\.indexes\.Annotation_labelId_idx: in prisma\/schema\.prisma but missing/));
  } finally {
    await client.end();
  }
});

test("drift Prisma's schema cannot express is reported: a trigger, a default, a CHECK, an index predicate, a function, a sequence", async () => {
  const client = await migratedDatabase();
  try {
    expect((await schemaDrift(client, schemaText, extrasText())).drift).toEqual([]);
    await client.query(`DROP TRIGGER annotation_history_no_update ON "AnnotationHistory"`);
    await client.query(`ALTER TABLE "Annotation" ALTER COLUMN version SET DEFAULT 0`);
    await client.query(`ALTER TABLE "Project" ALTER COLUMN "peerReview" DROP DEFAULT`);
    await client.query(`ALTER TABLE "ApiRequestCount" DROP CONSTRAINT "ApiRequestCount_count_check"`);
    await client.query(`ALTER TABLE "Label" ADD CONSTRAINT "Label_color_check" CHECK (color <> '')`);
    await client.query(`DROP INDEX "Annotation_search_idx"`);
    await client.query(`CREATE INDEX "Annotation_search_idx" ON "Annotation" USING gin ("searchVector")`);
    await client.query(`DROP INDEX "Annotation_labelId_idx"`);
    await client.query(`CREATE INDEX "Annotation_labelId_idx" ON "Annotation" ("labelId") WHERE "deletedAt" IS NULL`);
    await client.query(`CREATE OR REPLACE FUNCTION search_normalize(value text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE RETURN lower(value)`);
    await client.query(`ALTER SEQUENCE annotation_change_seq INCREMENT BY 2`);
    await client.query(`CREATE SEQUENCE stray_seq`);

    const { drift } = await schemaDrift(client, schemaText, extrasText());
    const reported = (pattern: RegExp) => expect(drift, drift.join("\n")).toContainEqual(expect.stringMatching(pattern));
    reported(/^trigger AnnotationHistory\.annotation_history_no_update: declared .* but missing/);
    reported(/^Annotation\.columns\.version: differs\n.*"default":"1".*\n.*"default":"0"/);
    reported(/^Project\.columns\.peerReview: differs\n.*"default":"false".*\n.*"default":null/);
    reported(/^check ApiRequestCount\.ApiRequestCount_count_check: declared .* but missing/);
    reported(/^check Label\.Label_color_check: in the database but not declared/);
    reported(/^index Annotation_search_idx: differs .*\n.*WHERE \("deletedAt" IS NULL\)\n(?!.*WHERE)/);
    reported(/^Annotation\.indexes\.Annotation_labelId_idx: differs\n.*"predicate":null.*\n.*"predicate":"\\"deletedAt\\" IS NULL"/);
    reported(/^function search_normalize\(value text\): differs/);
    reported(/^sequence annotation_change_seq: differs/);
    reported(/^sequence stray_seq: in the database but not declared/);
    expect(drift).toHaveLength(10);
  } finally {
    await client.end();
  }
});
