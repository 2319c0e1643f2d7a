// Migration 20261206040500_annotation_visibility: projects that existed before it keep what they
// had — annotators and viewers see everyone's work, and their annotations count as made while
// shared — while projects made afterwards start independent.
import pg from "pg";
import { expect, test } from "vitest";
import { createDatabaseBefore } from "@/lib/testing/test-database";
import { migrate } from "@/lib/server/db/migrate";

const MIGRATION = "20261206040500_annotation_visibility";

test("existing projects stay shared and their annotations are marked made while shared; new projects start with 'own'", async () => {
  // The database as it stood before this migration: every migration up to it, none after.
  const url = await createDatabaseBefore(MIGRATION);

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const id = (n: number) => `00000000-0000-7000-8000-${String(n).padStart(12, "0")}`;
    await client.query(`INSERT INTO "User" (id, email, name) VALUES ($1, 'a@old.test', 'a')`, [id(1)]);
    await client.query(`INSERT INTO "Project" (id, name, "updatedAt") VALUES ($1, 'Old', now())`, [id(2)]);
    await client.query(`INSERT INTO "Label" (id, "projectId", name, kind, color) VALUES ($1, $2, 'Person', 'ENTITY', '#fda4af')`, [id(3), id(2)]);
    await client.query(`INSERT INTO "Document" (id, "projectId", title, text, "contentHash", length) VALUES ($1, $2, 't', 'Kim', 'h', 3)`, [id(4), id(2)]);
    const annotation = `INSERT INTO "Annotation" (id, "projectId", "documentId", "labelId", "authorId", start, "end", exact, prefix, suffix, gold, "updatedAt")
                        VALUES ($1, $2, $3, $4, $5, 0, 3, 'Kim', '', '', $6, now())`;
    await client.query(annotation, [id(5), id(2), id(4), id(3), id(1), false]);
    await client.query(annotation, [id(6), id(2), id(4), id(3), id(1), true]);

    await migrate(url);

    const project = await client.query(`SELECT "annotatorsSee", "annotatorsSeeGold", "viewersSee" FROM "Project" WHERE id = $1`, [id(2)]);
    expect(project.rows).toEqual([{ annotatorsSee: "EVERYONE", annotatorsSeeGold: true, viewersSee: "EVERYONE" }]);
    const flags = await client.query(`SELECT id, "madeWhileShared" FROM "Annotation" ORDER BY id`);
    expect(flags.rows).toEqual([{ id: id(5), madeWhileShared: true }, { id: id(6), madeWhileShared: false }]);

    await client.query(`INSERT INTO "Project" (id, name, "updatedAt") VALUES ($1, 'New', now())`, [id(7)]);
    const fresh = await client.query(`SELECT "annotatorsSee", "annotatorsSeeGold", "viewersSee" FROM "Project" WHERE id = $1`, [id(7)]);
    expect(fresh.rows).toEqual([{ annotatorsSee: "OWN", annotatorsSeeGold: false, viewersSee: "GOLD" }]);
    // The old project's new annotations are made while shared; the trigger reads the setting.
    // By another person: the same person's same tag twice is refused (no stacked tags here).
    await client.query(`INSERT INTO "User" (id, email, name) VALUES ($1, 'b@old.test', 'b')`, [id(9)]);
    await client.query(annotation, [id(8), id(2), id(4), id(3), id(9), false]);
    expect((await client.query(`SELECT "madeWhileShared" FROM "Annotation" WHERE id = $1`, [id(8)])).rows).toEqual([{ madeWhileShared: true }]);
  } finally {
    await client.end();
  }
});
