// ESLint flat config, kept out of the fixed top level and pointed at the repository root.
import coreWebVitals from "eslint-config-next/core-web-vitals";
import typescript from "eslint-config-next/typescript";
import jsxA11y from "eslint-plugin-jsx-a11y";

const basePath = new URL("../..", import.meta.url).pathname;

const config = [
  { basePath, ignores: [".next/**", ".data/**", "node_modules/**", "lib/generated/**", "next-env.d.ts", "test-results/**", "playwright-report/**"] },
  ...[...coreWebVitals, ...typescript].map((config) => ({ ...config, basePath })),
  // Next's config turns on only six jsx-a11y rules, as warnings; the recommended set catches
  // labels without controls, clickable divs and the like before the axe scan in e2e does.
  {
    basePath,
    files: ["app/**/*.tsx", "components/**/*.tsx"],
    rules: {
      ...jsxA11y.flatConfigs.recommended.rules,
      // Our form primitives render the native control; a label's text may sit two spans deep.
      "jsx-a11y/label-has-associated-control": ["error", { controlComponents: ["Input", "Select", "TextArea"], depth: 3 }],
    },
  },
  {
    basePath,
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
];

export default config;
