import "server-only";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { db } from "@/lib/db";
import { DEFAULT_LABELS } from "@/lib/labels/palette";
import type { Role } from "@/lib/generated/prisma/enums";
import { hashPassword, verifyPassword } from "@/lib/server/auth/passwords";
import { importDocuments } from "@/lib/server/documents/import-documents";
import { resolveProject, sessionCaller } from "@/lib/server/authz";

const SEED_DIR = path.resolve(import.meta.dirname, "../../../prisma/seed");

export type DemoAccount = { email: string; name: string; role: Role; password: string };

const DEMO_PEOPLE: Omit<DemoAccount, "password">[] = [
  { email: "owner@demo.workbench", name: "Olga Owner", role: "OWNER" },
  { email: "curator@demo.workbench", name: "Chen Curator", role: "CURATOR" },
  { email: "annotator1@demo.workbench", name: "Amina Annotator", role: "ANNOTATOR" },
  { email: "annotator2@demo.workbench", name: "Bruno Annotator", role: "ANNOTATOR" },
];

/** Demo passwords: DEMO_PASSWORD for all, else generated on first start and kept in `file`. */
function demoPasswords(file: string): Record<string, string> {
  const fromEnv = process.env.DEMO_PASSWORD;
  const stored: Record<string, string> = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {};
  let changed = false;
  for (const person of DEMO_PEOPLE) {
    if (fromEnv) stored[person.email] = fromEnv;
    else if (!stored[person.email]) {
      stored[person.email] = `demo-${crypto.randomBytes(6).toString("base64url")}`;
      changed = true;
    }
  }
  if (changed || fromEnv) fs.writeFileSync(file, JSON.stringify(stored, null, 2) + "\n", { mode: 0o600 });
  return stored;
}

type CorpusManifest = {
  project: { name: string; description: string };
  documents: { file: string; title: string; publisher: string; publishedOn: string; language: string }[];
};

/** Creates the demo accounts, the demo project and its documents; running it again changes nothing. */
export async function seedDemo(dataDir: string): Promise<{ accounts: DemoAccount[]; projectId: string; imported: number }> {
  const passwords = demoPasswords(path.join(dataDir, "demo-accounts.json"));
  const accounts: DemoAccount[] = [];
  const userIds = new Map<string, string>();
  for (const person of DEMO_PEOPLE) {
    const password = passwords[person.email];
    const existing = await db.user.findUnique({ where: { email: person.email }, select: { id: true, passwordHash: true } });
    let id = existing?.id;
    if (!existing) {
      id = (await db.user.create({ data: { email: person.email, name: person.name, passwordHash: await hashPassword(password) } })).id;
    } else if (!(await verifyPassword(existing.passwordHash, password))) {
      await db.user.update({ where: { id: existing.id }, data: { passwordHash: await hashPassword(password) } });
    }
    userIds.set(person.email, id!);
    accounts.push({ ...person, password });
  }

  const manifest = JSON.parse(fs.readFileSync(path.join(SEED_DIR, "corpus.json"), "utf8")) as CorpusManifest;
  const ownerId = userIds.get(DEMO_PEOPLE[0].email)!;
  let project = await db.project.findFirst({
    where: { name: manifest.project.name, members: { some: { userId: ownerId, role: "OWNER" } } },
    select: { id: true },
  });
  if (!project) {
    project = await db.project.create({
      data: {
        name: manifest.project.name,
        description: manifest.project.description,
        // The default, spelled out: the demo's two annotators work independently (issue 13).
        annotatorsSee: "OWN",
        viewersSee: "GOLD",
        labels: { create: DEFAULT_LABELS.map((label, position) => ({ ...label, position })) },
      },
      select: { id: true },
    });
  }
  for (const person of DEMO_PEOPLE) {
    const userId = userIds.get(person.email)!;
    await db.membership.upsert({
      where: { projectId_userId: { projectId: project.id, userId } },
      update: {},
      create: { projectId: project.id, userId, role: person.role },
    });
  }

  // Idempotent by file: a sample already seeded stays as it is, even if the importer would now cut it differently.
  const seeded = new Set(
    (await db.document.findMany({ where: { projectId: project.id, fileName: { in: manifest.documents.map((d) => d.file) } }, select: { fileName: true } })).map((d) => d.fileName),
  );
  const drafts = manifest.documents.filter((doc) => !seeded.has(doc.file)).map((doc) => ({
    name: doc.file,
    fileName: doc.file,
    text: fs.readFileSync(path.join(SEED_DIR, "corpus", doc.file), "utf8"),
    meta: { title: doc.title, publisher: doc.publisher, publishedOn: doc.publishedOn, language: doc.language },
  }));
  // The seed acts as the demo project's owner, through the same access check as a request.
  const access = await resolveProject(sessionCaller(ownerId), project.id, "curate");
  const result = drafts.length ? await importDocuments(access, drafts, { trim: true, dryRun: false }) : { imported: 0 };
  return { accounts, projectId: project.id, imported: result.imported };
}
