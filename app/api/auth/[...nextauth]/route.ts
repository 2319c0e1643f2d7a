// GET/POST /api/auth/* — Auth.js; failed password sign-ins are rate limited here with a 429.
import { handlers } from "@/lib/auth";
import { emailSchema } from "@/lib/schemas/account";
import { clientAddress, signInRetryAfter } from "@/lib/server/auth/rate-limit";
import { errorResponse, json } from "@/lib/server/http/route";

export const GET = handlers.GET;

export async function POST(req: Request) {
  try {
    if (new URL(req.url).pathname.endsWith("/callback/credentials")) {
      const form = await req.clone().formData().catch(() => null);
      const email = emailSchema.safeParse(form?.get("email"));
      if (email.success) {
        const retryAfter = await signInRetryAfter(email.data, clientAddress(req.headers));
        if (retryAfter) {
          const signInUrl = new URL(`/signin?error=RateLimited&retryAfter=${retryAfter}`, req.url).toString();
          return json(
            { error: `Too many failed sign-ins. Try again in ${retryAfter} seconds.`, code: "RATE_LIMITED", retryAfter, url: signInUrl },
            429,
            { "Retry-After": String(retryAfter) },
          );
        }
      }
    }
    return await handlers.POST(req as Parameters<typeof handlers.POST>[0]);
  } catch (error) {
    return errorResponse(error);
  }
}
