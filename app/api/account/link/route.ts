// POST /api/account/link — after an external sign-in, prove the matching account's password once to join it
import { linkAccountSchema } from "@/lib/schemas/account";
import { linkExternalAccount } from "@/lib/server/account/link-external-account";
import { isKnownDevice } from "@/lib/server/auth/known-device";
import { clientAddress } from "@/lib/server/auth/rate-limit";
import { checkOrigin, errorResponse, json, readJson } from "@/lib/server/http/route";

export async function POST(req: Request) {
  try {
    checkOrigin(req);
    const input = await readJson(req, linkAccountSchema);
    const cookie = req.headers.get("cookie");
    return json(await linkExternalAccount(input, clientAddress(req.headers), (email) => isKnownDevice(cookie, email)));
  } catch (error) {
    return errorResponse(error);
  }
}
