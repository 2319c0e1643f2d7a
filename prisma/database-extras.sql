-- Objects the migrations create that prisma/schema.prisma cannot express, as PostgreSQL prints
-- them. lib/server/db/schema-drift.test.ts fails when a database migrated from empty differs from
-- this list. After a migration that changes one of them on purpose, regenerate it with
--   UPDATE_DATABASE_EXTRAS=1 npx vitest run --config lib/testing/vitest.config.ts lib/server/db/schema-drift.test.ts
-- and review the diff. This file is never executed.

-- @extra check ApiRequestCount.ApiRequestCount_count_check
CHECK (count > 0)

-- @extra function annotation_history_append_only()
CREATE OR REPLACE FUNCTION public.annotation_history_append_only()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  RAISE EXCEPTION 'AnnotationHistory is append-only';
END;
$function$

-- @extra function annotation_made_while_shared()
CREATE OR REPLACE FUNCTION public.annotation_made_while_shared()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  IF NEW.gold THEN
    NEW."madeWhileShared" := false;
  ELSIF TG_OP = 'INSERT' OR NEW.version IS DISTINCT FROM OLD.version THEN
    NEW."madeWhileShared" := (TG_OP = 'UPDATE' AND OLD."madeWhileShared")
      OR COALESCE((SELECT p."annotatorsSee" = 'EVERYONE' FROM "Project" p WHERE p.id = NEW."projectId"), false);
  END IF;
  RETURN NEW;
END;
$function$

-- @extra function annotation_refuse_duplicate_tag()
CREATE OR REPLACE FUNCTION public.annotation_refuse_duplicate_tag()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
  existing RECORD;
BEGIN
  IF NEW."deletedAt" IS NOT NULL OR NEW.gold THEN
    RETURN NEW;
  END IF;
  -- An update that leaves the tag as it was (a note, attributes, a review) makes no new duplicate.
  IF TG_OP = 'UPDATE' AND OLD."deletedAt" IS NULL AND NOT OLD.gold
     AND OLD."documentId" = NEW."documentId" AND OLD."authorId" = NEW."authorId" AND OLD."labelId" = NEW."labelId"
     AND OLD.start = NEW.start AND OLD."end" = NEW."end" THEN
    RETURN NEW;
  END IF;
  IF current_setting('workbench.keep_stacked_tags', true) = 'on' THEN
    RETURN NEW;
  END IF;
  IF (SELECT p."allowStackedTags" FROM "Project" p WHERE p.id = NEW."projectId") THEN
    RETURN NEW;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext(NEW."documentId"::text));
  SELECT a.id, a.exact, a."labelId", l.name AS label INTO existing
  FROM "Annotation" a JOIN "Label" l ON l.id = a."labelId"
  WHERE a."documentId" = NEW."documentId" AND a.start = NEW.start AND a."end" = NEW."end" AND a."authorId" = NEW."authorId"
    AND a."labelId" = NEW."labelId" AND a."deletedAt" IS NULL AND NOT a.gold AND a.id <> NEW.id
  ORDER BY a."createdAt", a.id
  LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION USING
      ERRCODE = 'WB409',
      MESSAGE = format('You already tagged “%s” as %s (annotation %s); this project does not allow the same tag twice on one span.',
        CASE WHEN char_length(existing.exact) > 80 THEN left(existing.exact, 79) || '…' ELSE existing.exact END, existing.label, existing.id),
      DETAIL = jsonb_build_object('id', existing.id, 'label', existing.label, 'labelId', existing."labelId", 'quote', existing.exact)::text;
  END IF;
  RETURN NEW;
END
$function$

-- @extra function annotation_tally_apply()
CREATE OR REPLACE FUNCTION public.annotation_tally_apply()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "AnnotationTally" ("documentId", "authorId", gold, "projectId", n)
    SELECT "documentId", "authorId", gold, min("projectId"::text)::uuid, count(*)::int FROM new_rows
    WHERE "deletedAt" IS NULL GROUP BY "documentId", "authorId", gold
    ORDER BY "documentId", "authorId", gold
    ON CONFLICT ("documentId", "authorId", gold) DO UPDATE SET n = "AnnotationTally".n + EXCLUDED.n;
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE "AnnotationTally" t SET n = t.n - c.n
    FROM (SELECT "documentId", "authorId", gold, count(*)::int AS n FROM old_rows WHERE "deletedAt" IS NULL
          GROUP BY "documentId", "authorId", gold) c
    WHERE t."documentId" = c."documentId" AND t."authorId" = c."authorId" AND t.gold = c.gold;
  ELSE
    INSERT INTO "AnnotationTally" ("documentId", "authorId", gold, "projectId", n)
    SELECT c."documentId", c."authorId", c.gold, c."projectId", c.n FROM (
      SELECT "documentId", "authorId", gold, min("projectId"::text)::uuid AS "projectId", sum(d)::int AS n FROM (
        SELECT "documentId", "authorId", gold, "projectId", 1 AS d FROM new_rows WHERE "deletedAt" IS NULL
        UNION ALL
        SELECT "documentId", "authorId", gold, "projectId", -1 AS d FROM old_rows WHERE "deletedAt" IS NULL
      ) x GROUP BY "documentId", "authorId", gold HAVING sum(d) <> 0
    ) c
    WHERE EXISTS (SELECT 1 FROM "Document" d WHERE d.id = c."documentId")
    ORDER BY c."documentId", c."authorId", c.gold
    ON CONFLICT ("documentId", "authorId", gold) DO UPDATE SET n = "AnnotationTally".n + EXCLUDED.n;
  END IF;
  RETURN NULL;
END $function$

-- @extra function notify_access_change()
CREATE OR REPLACE FUNCTION public.notify_access_change()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  PERFORM pg_notify('access_changes', '{}');
  RETURN NULL;
END;
$function$

-- @extra function project_builtin_recommenders()
CREATE OR REPLACE FUNCTION public.project_builtin_recommenders()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  INSERT INTO "Recommender" (id, "projectId", name, kind, trigger, "updatedAt")
  VALUES (gen_random_uuid(), NEW.id, 'String matcher', 'STRING_MATCHER', 'ON_DEMAND', now()),
         (gen_random_uuid(), NEW.id, 'Knowledge base', 'KNOWLEDGE_BASE', 'ON_IMPORT', now())
  ON CONFLICT ("projectId", name) DO NOTHING;
  RETURN NULL;
END $function$

-- @extra function search_annotation_vector(exact text, note text, attributes jsonb)
CREATE OR REPLACE FUNCTION public.search_annotation_vector(exact text, note text, attributes jsonb)
 RETURNS tsvector
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE STRICT
RETURN search_text_vector(((((exact || '
'::text) || note) || '
'::text) || search_attribute_text(attributes)))

-- @extra function search_attribute_text(attributes jsonb)
CREATE OR REPLACE FUNCTION public.search_attribute_text(attributes jsonb)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE STRICT
RETURN CASE WHEN (jsonb_typeof(attributes) = 'object'::text) THEN COALESCE((SELECT string_agg((entry.value #>> '{}'::text[]), '
'::text ORDER BY entry.key) AS string_agg FROM jsonb_each(search_attribute_text.attributes) entry(key, value) WHERE ((jsonb_typeof(entry.value) = 'string'::text) AND (entry.key !~ 'Ids?$'::text))), ''::text) ELSE ''::text END

-- @extra function search_document_vector(title text, body text)
CREATE OR REPLACE FUNCTION public.search_document_vector(title text, body text)
 RETURNS tsvector
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE STRICT
RETURN search_text_vector(((title || '
'::text) || body))

-- @extra function search_normalize(value text)
CREATE OR REPLACE FUNCTION public.search_normalize(value text)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE STRICT
RETURN regexp_replace(regexp_replace(replace(replace(replace(replace(replace(replace(NORMALIZE(regexp_replace(NORMALIZE(translate(value, '‐‑‒–—―−﹘﹣－ØøŁłĐđĦħıĿŀ''‘’ʻʼʽ`´′'::text, '----------OoLlDdHhiLl'::text), NFKD), '[\u0300-\u036F]'::text, ''::text, 'g'::text), NFC), 'ß'::text, 'ss'::text), 'ẞ'::text, 'SS'::text), 'Æ'::text, 'AE'::text), 'æ'::text, 'ae'::text), 'Œ'::text, 'OE'::text), 'œ'::text, 'oe'::text), '[\u00A0\u00A1\u00A7\u00AB\u00B6\u00B7\u00BB\u00BF\u060C\u061B\u061F\u066A-\u066D\u06D4\u0964\u0965\u2000-\u200B\u200E\u200F\u2016-\u206F\u3000-\u3003\u3008-\u3011\u3014-\u301F\u30FB\uFE10-\uFE19\uFE30-\uFE4F\uFE50-\uFE57\uFE59-\uFE62\uFE64-\uFE6B\uFEFF\uFF01-\uFF0C\uFF0E\uFF0F\uFF1A-\uFF20\uFF3B-\uFF40\uFF5B-\uFF65]'::text, ' '::text, 'g'::text), '([^[:space:][:punct:]])-(?=[^[:space:][:punct:]])'::text, '\1 '::text, 'g'::text)

-- @extra function search_text_vector(value text)
CREATE OR REPLACE FUNCTION public.search_text_vector(value text)
 RETURNS tsvector
 LANGUAGE plpgsql
 IMMUTABLE PARALLEL SAFE STRICT COST 10000
 SET search_path TO '$user', 'public'
AS $function$
DECLARE
  normalized CONSTANT text := search_normalize(value);
  chunk_size CONSTANT integer := 50000;
  result tsvector;
BEGIN
  IF length(normalized) <= 200000 THEN
    RETURN to_tsvector('english'::regconfig, normalized);
  END IF;
  SELECT array_to_tsvector(coalesce(array_agg(lexeme), '{}'))
  INTO result
  FROM (
    SELECT lexeme, sum(octet_length(lexeme) + 8) OVER (ORDER BY octet_length(lexeme), lexeme) AS running_size
    FROM (
      SELECT DISTINCT v.lexeme
      FROM generate_series(0, (length(normalized) - 1) / chunk_size) AS c(n)
      CROSS JOIN LATERAL unnest(to_tsvector('english'::regconfig, substr(normalized, c.n * chunk_size + 1, chunk_size + 200))) AS v
    ) AS distinct_lexemes
  ) AS sized
  WHERE running_size < 1000000;
  RETURN result;
END;
$function$

-- @extra index Annotation_duplicate_tag_idx
CREATE INDEX "Annotation_duplicate_tag_idx" ON public."Annotation" USING btree ("documentId", "authorId", "labelId", start, "end") WHERE (("deletedAt" IS NULL) AND (NOT gold))

-- @extra index Annotation_search_idx
CREATE INDEX "Annotation_search_idx" ON public."Annotation" USING gin ("searchVector") WHERE ("deletedAt" IS NULL)

-- @extra index Document_search_idx
CREATE INDEX "Document_search_idx" ON public."Document" USING gin ("searchVector")

-- @extra sequence annotation_change_seq
CREATE SEQUENCE public.annotation_change_seq AS bigint START 1 INCREMENT 1 MINVALUE 1 MAXVALUE 9223372036854775807 CACHE 1 NO CYCLE

-- @extra trigger Annotation.annotation_made_while_shared
CREATE TRIGGER annotation_made_while_shared BEFORE INSERT OR UPDATE ON public."Annotation" FOR EACH ROW EXECUTE FUNCTION annotation_made_while_shared()

-- @extra trigger Annotation.annotation_no_duplicate_tag
CREATE TRIGGER annotation_no_duplicate_tag BEFORE INSERT OR UPDATE OF "documentId", "authorId", "labelId", start, "end", "deletedAt", gold ON public."Annotation" FOR EACH ROW EXECUTE FUNCTION annotation_refuse_duplicate_tag()

-- @extra trigger Annotation.annotation_tally_delete
CREATE TRIGGER annotation_tally_delete AFTER DELETE ON public."Annotation" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION annotation_tally_apply()

-- @extra trigger Annotation.annotation_tally_insert
CREATE TRIGGER annotation_tally_insert AFTER INSERT ON public."Annotation" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION annotation_tally_apply()

-- @extra trigger Annotation.annotation_tally_update
CREATE TRIGGER annotation_tally_update AFTER UPDATE ON public."Annotation" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION annotation_tally_apply()

-- @extra trigger AnnotationHistory.annotation_history_no_update
CREATE TRIGGER annotation_history_no_update BEFORE UPDATE ON public."AnnotationHistory" FOR EACH ROW EXECUTE FUNCTION annotation_history_append_only()

-- @extra trigger ApiToken.api_token_access_change
CREATE TRIGGER api_token_access_change AFTER DELETE OR UPDATE OF "expiresAt" ON public."ApiToken" FOR EACH STATEMENT EXECUTE FUNCTION notify_access_change()

-- @extra trigger ApiTokenProject.api_token_project_access_change
CREATE TRIGGER api_token_project_access_change AFTER DELETE ON public."ApiTokenProject" FOR EACH STATEMENT EXECUTE FUNCTION notify_access_change()

-- @extra trigger Document.document_access_change
CREATE TRIGGER document_access_change AFTER DELETE OR UPDATE OF "deletedAt" ON public."Document" FOR EACH STATEMENT EXECUTE FUNCTION notify_access_change()

-- @extra trigger Membership.membership_access_change
CREATE TRIGGER membership_access_change AFTER DELETE OR UPDATE OF role ON public."Membership" FOR EACH STATEMENT EXECUTE FUNCTION notify_access_change()

-- @extra trigger Project.project_builtin_recommenders
CREATE TRIGGER project_builtin_recommenders AFTER INSERT ON public."Project" FOR EACH ROW EXECUTE FUNCTION project_builtin_recommenders()

-- @extra trigger User.user_access_change
CREATE TRIGGER user_access_change AFTER DELETE ON public."User" FOR EACH STATEMENT EXECUTE FUNCTION notify_access_change()

-- @extra trigger UserSession.user_session_access_change
CREATE TRIGGER user_session_access_change AFTER DELETE ON public."UserSession" FOR EACH STATEMENT EXECUTE FUNCTION notify_access_change()
