-- A session ended on the server (signed out, "sign out everywhere", a password change, a reset)
-- deletes its UserSession row: open event streams opened with that session re-check their access
-- at once (lib/server/live/stream-access.ts) instead of at the next 5-second backstop.
CREATE TRIGGER "user_session_access_change" AFTER DELETE ON "UserSession"
  FOR EACH STATEMENT EXECUTE FUNCTION "notify_access_change"();
