-- Open event streams re-check their access whenever it may have ended (lib/server/live/stream-access.ts).
-- Triggers, not the use cases, send the notice, so that every path counts: a removal in the app,
-- a cascade from a deleted project or account, an operator's SQL. Statement-level with a constant
-- payload: PostgreSQL folds identical notifications of one transaction into one, so deleting a
-- project with a thousand members sends one notice.
CREATE FUNCTION "notify_access_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('access_changes', '{}');
  RETURN NULL;
END;
$$;

CREATE TRIGGER "membership_access_change" AFTER UPDATE OF "role" OR DELETE ON "Membership"
  FOR EACH STATEMENT EXECUTE FUNCTION "notify_access_change"();

CREATE TRIGGER "api_token_access_change" AFTER UPDATE OF "expiresAt" OR DELETE ON "ApiToken"
  FOR EACH STATEMENT EXECUTE FUNCTION "notify_access_change"();

CREATE TRIGGER "api_token_project_access_change" AFTER DELETE ON "ApiTokenProject"
  FOR EACH STATEMENT EXECUTE FUNCTION "notify_access_change"();

CREATE TRIGGER "user_access_change" AFTER DELETE ON "User"
  FOR EACH STATEMENT EXECUTE FUNCTION "notify_access_change"();

CREATE TRIGGER "document_access_change" AFTER DELETE ON "Document"
  FOR EACH STATEMENT EXECUTE FUNCTION "notify_access_change"();
