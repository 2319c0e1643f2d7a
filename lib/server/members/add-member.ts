import "server-only";
import type { z } from "zod";
import { db } from "@/lib/db";
import type { addMemberSchema } from "@/lib/schemas/project";
import { AppError } from "@/lib/server/errors";

export async function addMember(projectId: string, input: z.infer<typeof addMemberSchema>) {
  const user = await db.user.findUnique({ where: { email: input.email }, select: { id: true, email: true, name: true } });
  if (!user) {
    throw new AppError("NOT_FOUND", `No account uses ${input.email}. Ask them to sign up first, then add them.`);
  }
  const existing = await db.membership.findUnique({ where: { projectId_userId: { projectId, userId: user.id } } });
  if (existing) throw new AppError("CONFLICT", `${user.email} is already a member (${existing.role}).`);
  await db.membership.create({ data: { projectId, userId: user.id, role: input.role } });
  return { userId: user.id, email: user.email, name: user.name, role: input.role };
}
