// `npm run cli -- <command>`: the workbench from the command line, on the same database as the app
// (DATABASE_URL, or the embedded PostgreSQL under .data — joined if the app is running).
//
//   projects                                  list projects with their ids
//   export --project <id|name> --format <f>   write an export to --out (or standard output)
//          [--layers annotators|gold|annotators-and-gold|mixed] [--review all|accepted] [--annotators id,…]
//          [--documents id,…] [--kinds CLAIM,EVENT,ENTITY] [--offsets codepoint|utf16] [--bom]
//   import --project <id|name> <file…>        import annotation sets (W3C, brat .ann/.txt or .zip, doccano JSONL)
//          [--as <email>] [--dry-run]          as that member (default: the project's first owner)
//   backup --out <dir>                        every project in the workbench format, one file each
//   restore <file.json…> [--dry-run]          import native exports as projects (backup restore); the operator's
//                                             full-fidelity restore: people matched to accounts by email (missing
//                                             ones created without a password) and memberships kept — the web
//                                             restore never does this (lib/server/import/import-native.ts)
//   reset-password <email> [--password P]     set a password (or a generated one), end the account's sessions
import fs from "node:fs";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { parseArgs } from "node:util";
import { dataDir, openDatabase } from "@/lib/cli/local-env";
import { migrate } from "@/lib/server/db/migrate";

const USAGE = `Usage: npm run cli -- <command> [options]

  projects                                   list projects with their ids
  export --project <id|name> --format <native|w3c|jsonl|jsonl-rich|csv|brat|conll> [--out FILE]
         [--layers annotators|gold|annotators-and-gold|mixed] [--review all|accepted] [--annotators ID,…] [--documents ID,…]
         [--kinds CLAIM,EVENT,ENTITY] [--offsets codepoint|utf16] [--bom] [--guard false] [--embed-text]
  import --project <id|name> FILE… [--as EMAIL] [--dry-run] [--offsets codepoint|utf16]
                                             import annotation sets: W3C JSON-LD, brat (.ann + .txt, or .zip), doccano JSONL
                                             (--offsets: what doccano offsets count; detected when left out)
  backup --out DIR                           every project as a workbench JSON file (one per project)
  restore FILE.json… [--dry-run]             import workbench JSON files as projects (restores a backup),
                                             with the file's people as accounts (created if missing) and members
  reset-password EMAIL [--password P]        set the account's password (without --password: a generated one,
                                             printed once), end all its sessions and lift its sign-in limits
`;

const fail = (message: string): never => {
  console.error(message);
  process.exit(2);
};

// Plain SQL here: an export never loads Prisma's client, which alone is ~100 MB of the process.
async function findProject(ref: string | undefined) {
  if (!ref) fail("Name the project with --project <id or name> (see `npm run cli -- projects`).");
  const { sqlPool } = await import("@/lib/server/db/sql-pool");
  const byId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(ref!);
  const { rows: matches } = await sqlPool().query<{ id: string; name: string }>(`SELECT id, name FROM "Project" WHERE ${byId ? "id = $1::uuid" : "name = $1"}`, [ref]);
  if (matches.length === 0) fail(`No project ${JSON.stringify(ref)}. See \`npm run cli -- projects\`.`);
  if (matches.length > 1) fail(`Several projects are called ${JSON.stringify(ref)}; use the id: ${matches.map((m) => m.id).join(", ")}`);
  return matches[0];
}

async function main(argv: string[]) {
  process.env.WORKBENCH_CLI = "1";
  const [command, ...rest] = argv;
  if (!command || command === "help" || command === "--help") {
    console.log(USAGE);
    return;
  }
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      project: { type: "string" }, format: { type: "string" }, out: { type: "string" }, layers: { type: "string" }, layer: { type: "string" }, review: { type: "string" },
      annotators: { type: "string" }, documents: { type: "string" }, kinds: { type: "string" }, offsets: { type: "string" }, bom: { type: "boolean" }, guard: { type: "string" }, "embed-text": { type: "boolean" },
      as: { type: "string" }, "dry-run": { type: "boolean" }, "base-url": { type: "string" }, password: { type: "string" },
    },
  });

  const database = await openDatabase(dataDir());
  process.env.DATABASE_URL = database.url;
  try {
    await migrate(database.url);
    const prisma = async () => (await import("@/lib/db")).db;
    if (command === "projects") {
      const db = await prisma();
      const projects = await db.project.findMany({ orderBy: { createdAt: "asc" }, select: { id: true, name: true, _count: { select: { documents: true, annotations: true } } } });
      for (const p of projects) console.log(`${p.id}  ${p.name}  (${p._count.documents} documents, ${p._count.annotations} annotations)`);
    } else if (command === "export") {
      const project = await findProject(values.project);
      const { exportOptionsSchema } = await import("@/lib/schemas/export");
      const parsed = exportOptionsSchema.safeParse({
        format: values.format, layers: values.layers, layer: values.layer, review: values.review, annotators: values.annotators,
        documents: values.documents, kinds: values.kinds, offsets: values.offsets, bom: values.bom ? "1" : undefined, guard: values.guard, embedText: values["embed-text"] ? "1" : undefined,
      });
      if (!parsed.success) fail(parsed.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("\n"));
      const { exportProject } = await import("@/lib/server/export/export-project");
      const started = performance.now();
      const result = await exportProject(project.id, parsed.data!, values["base-url"] ?? process.env.AUTH_URL ?? "http://localhost:3000");
      const out = values.out ? fs.createWriteStream(values.out) : process.stdout;
      await pipeline(Readable.from(result.body), out);
      const seconds = (performance.now() - started) / 1000;
      const summary = result.summary();
      console.error(`Exported ${summary.annotations} annotations from ${summary.documents} documents as ${parsed.data!.format}${values.out ? ` to ${values.out}` : ""} in ${seconds.toFixed(2)} s.`);
      console.error(JSON.stringify({ summary, seconds, maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) }));
    } else if (command === "import") {
      const project = await findProject(values.project);
      if (positionals.length === 0) fail("Name the files to import.");
      const { importAnnotationFiles } = await import("@/lib/server/import/import-annotation-sets");
      const db = await prisma();
      const importer = values.as
        ? await db.user.findUnique({ where: { email: values.as.trim().toLowerCase() }, select: { id: true } })
        : (await db.membership.findFirst({ where: { projectId: project.id, role: "OWNER" }, orderBy: { createdAt: "asc" }, select: { userId: true } }).then((m) => (m ? { id: m.userId } : null)));
      if (!importer) fail(`No such user: ${values.as}`);
      const files = positionals.map((file) => ({ name: file.split("/").pop()!, bytes: new Uint8Array(fs.readFileSync(file)) }));
      const offsets = values.offsets;
      if (offsets !== undefined && offsets !== "codepoint" && offsets !== "utf16") fail("--offsets is codepoint or utf16.");
      const report = await importAnnotationFiles(project.id, importer!.id, files, { dryRun: !!values["dry-run"], offsetUnit: offsets as "codepoint" | "utf16" | undefined });
      console.log(JSON.stringify(report, null, 2));
    } else if (command === "backup") {
      // One workbench-format file per project: the same lossless export `restore` reads.
      const dir = values.out ?? fail("Name the folder to write the backup to with --out DIR.");
      fs.mkdirSync(dir!, { recursive: true });
      const db = await prisma();
      const projects = await db.project.findMany({ orderBy: { createdAt: "asc" }, select: { id: true, name: true } });
      const { exportProject } = await import("@/lib/server/export/export-project");
      for (const project of projects) {
        const result = await exportProject(project.id, { format: "native", layers: "mixed", review: "all", offsets: "codepoint", bom: false, guard: true, embedText: false }, values["base-url"] ?? "http://localhost:3000");
        const file = `${dir}/${project.id}.json`;
        await pipeline(Readable.from(result.body), fs.createWriteStream(file));
        const summary = result.summary();
        console.error(`${project.name}: ${summary.documents} documents, ${summary.annotations} annotations → ${file}`);
      }
      console.error(`Backed up ${projects.length} project(s) to ${dir}. Restore one with \`npm run cli -- restore FILE\`.`);
    } else if (command === "restore") {
      if (positionals.length === 0) fail("Name the workbench export file(s) to restore.");
      const { importNative, parseNativeFile } = await import("@/lib/server/import/import-native");
      for (const file of positionals) {
        let data: unknown;
        try {
          data = JSON.parse(fs.readFileSync(file, "utf8"));
        } catch (error) {
          fail(`${file} is not readable JSON: ${(error as Error).message}`);
        }
        const report = await importNative(parseNativeFile(data), null, { dryRun: !!values["dry-run"] });
        console.log(JSON.stringify({ file, ...report }, null, 2));
      }
    } else if (command === "reset-password") {
      const email = positionals[0] ?? fail("Name the account: npm run cli -- reset-password EMAIL [--password P]");
      const { resetPassword } = await import("@/lib/server/account/reset-password");
      try {
        const result = await resetPassword(email!, values.password);
        console.log(`Password of ${result.email} is now: ${result.password}`);
        console.log(`Ended ${result.endedSessions} session(s) and revoked ${result.revokedTokens} API token(s). Hand the password over privately; they can change it under Account.`);
      } catch (error) {
        fail((error as Error).message);
      }
    } else {
      fail(`Unknown command ${JSON.stringify(command)}.\n\n${USAGE}`);
    }
    if (command !== "export") await (await prisma()).$disconnect();
  } finally {
    await (await import("@/lib/server/db/sql-pool")).closeSqlPool();
    if (database.embedded && !database.embedded.adopted) await database.embedded.stop();
  }
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
