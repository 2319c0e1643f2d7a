// GET /api/openapi.json — the OpenAPI 3.1 description of every API route (public; built once per process)
import { openApiDocument } from "@/lib/api/openapi/document";
import { errorResponse, json } from "@/lib/server/http/route";

export function GET() {
  try {
    return json(openApiDocument(), 200, { "cache-control": "public, max-age=300" });
  } catch (error) {
    return errorResponse(error);
  }
}
