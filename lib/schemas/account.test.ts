import { expect, test } from "vitest";
import { emailSchema } from "@/lib/schemas/account";

test("an email is trimmed and lower-cased, ASCII only", () => {
  expect(emailSchema.parse("  Kate@Corp.TEST ")).toBe("kate@corp.test");
});

test("look-alike letters that lower-case to ASCII (the Kelvin sign, a dotted capital I) are refused, not turned into someone else's address", () => {
  for (const lookalike of ["\u212Aate@corp.test", "\u0130rene@corp.test", "kate@\u212Aorp.test", "ka\u017Fe@corp.test", "kate@corp.te\uFF53t"]) {
    const parsed = emailSchema.safeParse(lookalike);
    expect(parsed.success, lookalike).toBe(false);
    expect(parsed.error?.issues[0].message, lookalike).toMatch(/valid email/);
  }
});
