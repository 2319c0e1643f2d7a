import path from "node:path";
import { defineConfig } from "vitest/config";

const root = path.resolve(import.meta.dirname, "../..");

export default defineConfig({
  root,
  resolve: {
    alias: [
      { find: /^@\//, replacement: `${root}/` },
      // `server-only` throws outside React Server Components; tests run server code directly.
      { find: /^server-only$/, replacement: path.join(root, "lib/testing/empty-module.ts") },
      // next-auth imports "next/server" without the extension Node's ESM resolver needs.
      { find: /^next\/server$/, replacement: "next/server.js" },
    ],
  },
  test: {
    include: ["lib/**/*.test.ts", "components/**/*.test.ts", "app/**/*.test.ts"],
    exclude: ["node_modules/**", ".data/**", "lib/generated/**"],
    globalSetup: [path.join(root, "lib/testing/global-setup.ts")],
    server: { deps: { inline: ["next-auth"] } },
    environment: "node",
    // The tests' fake model servers listen on this machine, a private address the workbench
    // otherwise refuses to call; outbound-guard.test.ts checks the refusal without it.
    env: { RECOMMENDER_PRIVATE_HOSTS: "127.0.0.1" },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
