import "server-only";
import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import type { Provider } from "next-auth/providers";
import { db } from "@/lib/db";
import { signInSchema } from "@/lib/schemas/account";
import { claimsVerifiedEmail, decideExternalSignIn, githubEmailVerified, type ExternalSignInDecision } from "@/lib/server/auth/external-sign-in";
import { isKnownDevice } from "@/lib/server/auth/known-device";
import { verifyPassword } from "@/lib/server/auth/passwords";
import { claimSignInAttempt, clientAddress, routeSignInClaim, settleSignInAttempt, type SignInClaim } from "@/lib/server/auth/rate-limit";
import { endSession, sessionIsLive, startSession } from "@/lib/server/session/user-sessions";

declare module "next-auth" {
  // Module augmentation needs an interface.
  interface Session {
    sessionId?: string;
  }
}

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
        // The route handler claims the attempt first (to answer 429); any other caller claims it here.
        const fromRoute = routeSignInClaim.getStore();
        let claim: SignInClaim;
        if (fromRoute?.email === email && !fromRoute.settled) {
          fromRoute.settled = true;
          claim = fromRoute.claim;
        } else {
          claim = await claimSignInAttempt({ email, ip, knownDevice: await isKnownDevice(request.headers.get("cookie"), email) });
        }
        if (!claim.ok) throw new RateLimited();
        const user = await db.user.findUnique({ where: { email }, select: { id: true, email: true, name: true, passwordHash: true } });
        const succeeded = (await verifyPassword(user?.passwordHash, password)) && !!user;
        await settleSignInAttempt(claim, succeeded);
        if (!succeeded || !user) return null;
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

type SignInArgs = { account?: { provider: string; access_token?: string } | null; profile?: { email?: string | null; email_verified?: unknown; name?: string | null } | null };

/** Which account an external sign-in acts as (see external-sign-in.ts). */
async function externalDecision({ account, profile }: SignInArgs): Promise<ExternalSignInDecision> {
  const provider = account!.provider;
  const emailVerified =
    provider === "github" ? await githubEmailVerified(account!.access_token, profile?.email) : claimsVerifiedEmail(profile?.email_verified);
  return decideExternalSignIn({ provider, email: profile?.email, emailVerified, name: profile?.name });
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
      const decision = await externalDecision({ account, profile });
      return decision.kind === "account" ? true : decision.url;
    },
    // Runs at sign-in (with `account`) and on every later use of the session cookie: a cookie
    // whose session row is gone (signed out, ended everywhere, password changed) is refused and
    // cleared, whatever its expiry says.
    async jwt({ token, user, account, profile }) {
      if (account) {
        let userId: string | undefined;
        if (account.provider === "credentials") userId = user?.id;
        else {
          const decision = await externalDecision({ account, profile });
          userId = decision.kind === "account" ? decision.userId : undefined;
        }
        if (!userId) return null;
        token.uid = userId;
        token.sid = await startSession(userId);
        return token;
      }
      return (await sessionIsLive(token.sid, token.uid)) ? token : null;
    },
    session({ session, token }) {
      if (typeof token.uid === "string") session.user.id = token.uid;
      // Not a credential (the cookie is): lets the API's session cache re-check this session.
      if (typeof token.sid === "string") session.sessionId = token.sid;
      return session;
    },
  },
  events: {
    async signOut(message) {
      if ("token" in message && message.token) await endSession(message.token.sid);
    },
  },
};

/** The configuration itself, for tests of its callbacks. */
export const authConfig = config;

export const { handlers, auth, signIn, signOut } = NextAuth(config);
