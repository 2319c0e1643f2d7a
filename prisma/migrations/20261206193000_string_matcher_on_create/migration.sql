-- Every project has its string matcher from the moment it exists (made by a trigger, whichever
-- way the project came in: created, restored, seeded), instead of on the first read of its
-- recommenders — a read, or a refused request, no longer writes a row.
CREATE FUNCTION "project_string_matcher"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "Recommender" (id, "projectId", name, kind, "updatedAt")
  VALUES (gen_random_uuid(), NEW.id, 'String matcher', 'STRING_MATCHER', now())
  ON CONFLICT ("projectId", name) DO NOTHING;
  RETURN NULL;
END $$;

CREATE TRIGGER "project_string_matcher" AFTER INSERT ON "Project"
  FOR EACH ROW EXECUTE FUNCTION "project_string_matcher"();

INSERT INTO "Recommender" (id, "projectId", name, kind, "updatedAt")
SELECT gen_random_uuid(), p.id, 'String matcher', 'STRING_MATCHER', now() FROM "Project" p
WHERE NOT EXISTS (SELECT 1 FROM "Recommender" r WHERE r."projectId" = p.id AND r.kind = 'STRING_MATCHER')
ON CONFLICT ("projectId", name) DO NOTHING;
