// Migration 20261206213000_kb_recommender: the project-wide decisions on knowledge-base
// suggestions become the decisions of the people who made them (with the label they were made
// with), and every project, old or new, gets its knowledge-base recommender.
import pg from "pg";
import { expect, test } from "vitest";
import { createDatabaseBefore } from "@/lib/testing/test-database";
import { migrate } from "@/lib/server/db/migrate";

const MIGRATION = "20261206213000_kb_recommender";

test("each earlier decision stays its maker's own, with its label; a decision by nobody opens the suggestion again; every project has a knowledge-base recommender", async () => {
  // The database as it stood before this migration: every migration up to it, none after.
  const url = await createDatabaseBefore(MIGRATION);

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const id = (n: number) => `00000000-0000-7000-8000-${String(n).padStart(12, "0")}`;
    const [amina, bruno, project, person, other, document, kim, annotation] = [1, 2, 3, 4, 5, 6, 7, 8].map(id);
    await client.query(`INSERT INTO "User" (id, email, name) VALUES ($1, 'a@old.test', 'a'), ($2, 'b@old.test', 'b')`, [amina, bruno]);
    await client.query(`INSERT INTO "Project" (id, name, "updatedAt") VALUES ($1, 'Old', now())`, [project]);
    // A model server already goes by the usual name: the built-in one takes another.
    await client.query(`INSERT INTO "Recommender" (id, "projectId", name, kind, "updatedAt") VALUES ($1, $2, 'Knowledge base', 'OPENAI', now())`, [id(20), project]);
    await client.query(
      `INSERT INTO "Label" (id, "projectId", name, kind, color, position) VALUES ($1, $3, 'Person', 'ENTITY', '#fda4af', 0), ($2, $3, 'Other entity', 'ENTITY', '#f9a8d4', 1)`,
      [person, other, project],
    );
    await client.query(`INSERT INTO "Document" (id, "projectId", title, text, "contentHash", length) VALUES ($1, $2, 't', 'Kim and Kim and Kim and Kim', 'h', 27)`, [document, project]);
    await client.query(`INSERT INTO "CanonicalItem" (id, "projectId", kind, name, "updatedAt") VALUES ($1, $2, 'ENTITY', 'Kim', now())`, [kim, project]);
    // Kim's one mention is labelled "Other entity": a reject was offered with that label.
    await client.query(
      `INSERT INTO "Annotation" (id, "projectId", "documentId", "labelId", "authorId", start, "end", exact, prefix, suffix, "canonicalId", "updatedAt")
       VALUES ($1, $2, $3, $4, $5, 0, 3, 'Kim', '', '', $6, now())`,
      [annotation, project, document, other, amina, kim],
    );
    const suggestion = `INSERT INTO "Suggestion" (id, "projectId", "documentId", "canonicalId", start, "end", exact, status, "decidedById", "annotationId")
                        VALUES ($1, $2, $3, $4, $5, $5 + 3, 'Kim', $6, $7, $8)`;
    await client.query(suggestion, [id(10), project, document, kim, 0, "ACCEPTED", amina, annotation]);
    await client.query(suggestion, [id(11), project, document, kim, 8, "REJECTED", bruno, null]);
    await client.query(suggestion, [id(12), project, document, kim, 16, "OPEN", null, null]);
    await client.query(suggestion, [id(13), project, document, kim, 24, "REJECTED", null, null]);

    await migrate(url);

    const decisions = await client.query(`SELECT "suggestionId", "userId", verdict, "labelId", "annotationId" FROM "SuggestionDecision" ORDER BY "suggestionId"`);
    expect(decisions.rows).toEqual([
      { suggestionId: id(10), userId: amina, verdict: "ACCEPTED", labelId: other, annotationId: annotation },
      { suggestionId: id(11), userId: bruno, verdict: "REJECTED", labelId: other, annotationId: null },
    ]);
    expect((await client.query(`SELECT count(*)::int AS n FROM "Suggestion"`)).rows).toEqual([{ n: 4 }]);

    const builtIn = `SELECT name, kind::text, trigger::text FROM "Recommender" WHERE "projectId" = $1 AND kind IN ('STRING_MATCHER', 'KNOWLEDGE_BASE') ORDER BY name`;
    expect((await client.query(builtIn, [project])).rows).toEqual([
      { name: "Knowledge base (built in)", kind: "KNOWLEDGE_BASE", trigger: "ON_IMPORT" },
      { name: "String matcher", kind: "STRING_MATCHER", trigger: "ON_DEMAND" },
    ]);
    await client.query(`INSERT INTO "Project" (id, name, "updatedAt") VALUES ($1, 'New', now())`, [id(30)]);
    expect((await client.query(builtIn, [id(30)])).rows).toEqual([
      { name: "Knowledge base", kind: "KNOWLEDGE_BASE", trigger: "ON_IMPORT" },
      { name: "String matcher", kind: "STRING_MATCHER", trigger: "ON_DEMAND" },
    ]);
  } finally {
    await client.end();
  }
});
