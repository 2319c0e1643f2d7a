import { decideSuggestionSchema } from "@/lib/schemas/knowledge";
import { readJson, withUser } from "@/lib/server/http/route";
import { decideSuggestion } from "@/lib/server/knowledge/decide-suggestion";

// POST /api/suggestions/[id] — accept (it becomes your annotation, linked) or reject a suggestion, for yourself only; deciding twice is a 409
export const POST = withUser<{ id: string }>(async ({ req, params, caller }) =>
  decideSuggestion(caller, params.id, await readJson(req, decideSuggestionSchema)),
);
