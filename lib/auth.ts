import "server-only";
import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import type { Provider } from "next-auth/providers";
import { db } from "@/lib/db";
import { signInSchema, emailSchema } from "@/lib/schemas/account";
import { verifyPassword } from "@/lib/server/auth/passwords";
import {
  clearSignInFailures,
  clientAddress,
  recordSignInFailure,
  signInRetryAfter,
} from "@/lib/server/auth/rate-limit";

class RateLimited extends CredentialsSignin {
  code = "rate_limited";
}

function providers(): Provider[] {
  const list: Provider[] = [
    Credentials({
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(raw, request) {
        const parsed = signInSchema.safeParse(raw);
        if (!parsed.success) return null;
        const { email, password } = parsed.data;
        const ip = clientAddress(request.headers);
        // The route handler answers 429 before we get here; this guards every other caller.
        if (await signInRetryAfter(email, ip)) throw new RateLimited();
        const user = await db.user.findUnique({ where: { email }, select: { id: true, email: true, name: true, passwordHash: true } });
        if (!(await verifyPassword(user?.passwordHash, password)) || !user) {
          await recordSignInFailure(email, ip);
          return null;
        }
        await clearSignInFailures(email);
        return { id: user.id, email: user.email, name: user.name };
      },
    }),
  ];
  // Optional sign-in providers, each enabled only when its settings are present.
  if (process.env.AUTH_GITHUB_ID && process.env.AUTH_GITHUB_SECRET) {
    list.push(GitHub({ clientId: process.env.AUTH_GITHUB_ID, clientSecret: process.env.AUTH_GITHUB_SECRET }));
  }
  if (process.env.AUTH_OIDC_ISSUER && process.env.AUTH_OIDC_ID && process.env.AUTH_OIDC_SECRET) {
    list.push({
      id: "oidc",
      name: process.env.AUTH_OIDC_NAME ?? "Single sign-on",
      type: "oidc",
      issuer: process.env.AUTH_OIDC_ISSUER,
      clientId: process.env.AUTH_OIDC_ID,
      clientSecret: process.env.AUTH_OIDC_SECRET,
    });
  }
  return list;
}

/** Names of the external sign-in providers that are configured, for the sign-in page. */
export function externalProviders(): { id: string; name: string }[] {
  const list: { id: string; name: string }[] = [];
  if (process.env.AUTH_GITHUB_ID && process.env.AUTH_GITHUB_SECRET) list.push({ id: "github", name: "GitHub" });
  if (process.env.AUTH_OIDC_ISSUER && process.env.AUTH_OIDC_ID && process.env.AUTH_OIDC_SECRET) {
    list.push({ id: "oidc", name: process.env.AUTH_OIDC_NAME ?? "Single sign-on" });
  }
  return list;
}

/** An external identity becomes a workbench account identified by its (verified) email. */
async function accountForExternalSignIn(email: unknown, name: unknown): Promise<string | null> {
  const parsed = emailSchema.safeParse(email);
  if (!parsed.success) return null;
  const user = await db.user.upsert({
    where: { email: parsed.data },
    update: {},
    create: { email: parsed.data, name: typeof name === "string" && name.trim() ? name.trim().slice(0, 100) : parsed.data },
    select: { id: true },
  });
  return user.id;
}

const config: NextAuthConfig = {
  session: { strategy: "jwt" },
  trustHost: true,
  pages: { signIn: "/signin" },
  providers: providers(),
  logger: {
    // A wrong password is an expected outcome, not a server error worth a stack trace.
    error(error) {
      if ((error as { type?: string }).type === "CredentialsSignin") return;
      console.error("[auth]", error);
    },
  },
  callbacks: {
    async signIn({ account, profile }) {
      if (!account || account.provider === "credentials") return true;
      if (profile && profile.email_verified === false) return "/signin?error=EmailNotVerified";
      return (await accountForExternalSignIn(profile?.email, profile?.name)) !== null;
    },
    async jwt({ token, user, account, profile }) {
      if (account?.provider === "credentials" && user?.id) token.uid = user.id;
      else if (account) token.uid = (await accountForExternalSignIn(profile?.email ?? token.email, profile?.name)) ?? undefined;
      return token;
    },
    session({ session, token }) {
      if (typeof token.uid === "string") session.user.id = token.uid;
      return session;
    },
  },
};

export const { handlers, auth, signIn, signOut } = NextAuth(config);
