import fs from "node:fs";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

const root = path.resolve(import.meta.dirname, "..");
const port = Number(process.env.E2E_PORT ?? 3100);
const E2E_DATA_DIR = path.join(root, ".data", "e2e");

// Playwright's own browser download is not reachable everywhere: prefer a system Chromium.
const systemChromium = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => p && fs.existsSync(p));
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

export default defineConfig({
  testDir: ".",
  outputDir: path.join(root, "test-results"),
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  workers: 2,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never", outputFolder: path.join(root, "playwright-report") }]],
  metadata: { secondInstance: `http://127.0.0.1:${port + 1}` },
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: systemChromium,
          args: [
            ...(isRoot ? ["--no-sandbox"] : []),
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
          ],
        },
      },
    },
  ],
  webServer: [
    {
    // A fresh embedded database and demo data for every run, on its own port.
    command: "node node_modules/tsx/dist/cli.mjs --conditions=react-server lib/cli/start.ts --fresh",
    cwd: root,
    url: `http://127.0.0.1:${port}/api/health`,
    timeout: 600_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      WORKBENCH_DATA_DIR: E2E_DATA_DIR,
      PORT: String(port),
      EMBEDDED_PG_PORT: "0",
      DATABASE_URL: "",
      AUTH_SECRET: "",
      // Figures are recomputed 1 s after a change is seen (2 s by default), to keep specs short.
      FIGURES_DEBOUNCE_SECONDS: "1",
      // The specs' fake model servers listen on this machine, a private address the workbench
      // otherwise refuses to call (lib/server/recommenders/outbound-guard.ts).
      RECOMMENDER_PRIVATE_HOSTS: "127.0.0.1",
    },
    },
    {
      // A second app instance on the same database, as behind a load balancer.
      command: "node node_modules/tsx/dist/cli.mjs --conditions=react-server lib/cli/start.ts --attach",
      cwd: root,
      url: `http://127.0.0.1:${port + 1}/api/health`,
      timeout: 600_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
      env: { WORKBENCH_DATA_DIR: E2E_DATA_DIR, PORT: String(port + 1), DATABASE_URL: "", AUTH_SECRET: "", FIGURES_DEBOUNCE_SECONDS: "1", RECOMMENDER_PRIVATE_HOSTS: "127.0.0.1" },
    },
  ],
});
