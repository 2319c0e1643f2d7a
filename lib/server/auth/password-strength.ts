// Password strength by zxcvbn (the kept @zxcvbn-ts port) with its common-password and English
// dictionaries: length alone lets "aaaaaaaaaa", "1234567890" and "password12" through. The
// person's own email and name count as guessable too. Its feedback says why one is refused.
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { AppError } from "@/lib/server/errors";
import * as common from "@zxcvbn-ts/language-common";
import * as english from "@zxcvbn-ts/language-en";

// zxcvbn's scale: 3 is "safely unguessable: moderate protection from offline slow-hash attacks".
const MIN_SCORE = 3;

let zxcvbn: ZxcvbnFactory | undefined;

/** Why `password` is too weak, in a sentence for the person choosing it, or null when it is fine. */
export function passwordWeakness(password: string, personal: string[] = []): string | null {
  zxcvbn ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
    translations: english.translations,
  });
  // zxcvbn's cost grows with length; the schema caps passwords at 200 characters anyway.
  const result = zxcvbn.check(password.slice(0, 100), personal.flatMap((p) => [p, p.replace(/\s+/g, ""), ...p.split(/[@.\s]+/)]).filter((p) => p.length >= 3));
  if (result.score >= MIN_SCORE) return null;
  const reasons = [result.feedback.warning, ...result.feedback.suggestions].filter((r): r is string => Boolean(r));
  return ["This password is too easy to guess.", ...reasons].join(" ");
}

/** Refuses a weak password with zxcvbn's reason (400). */
export function assertStrongPassword(password: string, personal: string[] = []) {
  const weakness = passwordWeakness(password, personal);
  if (weakness) throw new AppError("INVALID_INPUT", weakness, { field: "password" });
}
