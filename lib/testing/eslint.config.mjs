// ESLint flat config, kept out of the fixed top level and pointed at the repository root.
import coreWebVitals from "eslint-config-next/core-web-vitals";
import typescript from "eslint-config-next/typescript";

const basePath = new URL("../..", import.meta.url).pathname;

const config = [
  { basePath, ignores: [".next/**", ".data/**", "node_modules/**", "lib/generated/**", "next-env.d.ts", "test-results/**", "playwright-report/**"] },
  ...[...coreWebVitals, ...typescript].map((config) => ({ ...config, basePath })),
  {
    basePath,
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
];

export default config;
