import { expect, test } from "vitest";
import { passwordWeakness } from "@/lib/server/auth/password-strength";

test("the weak passwords from the review are refused, each with a reason", () => {
  expect(passwordWeakness("aaaaaaaaaa")).toMatch(/too easy to guess.*Repeated characters/);
  expect(passwordWeakness("1234567890")).toMatch(/too easy to guess.*frequently used password/);
  expect(passwordWeakness("password12")).toMatch(/too easy to guess.*commonly used password/);
  expect(passwordWeakness("          ")).toMatch(/too easy to guess.*Repeated characters/);
});

test("the person's own email or name is guessable; a passphrase is fine", () => {
  expect(passwordWeakness("zebulonquartz")).toBeNull();
  expect(passwordWeakness("zebulonquartz", ["zebulon@quartz.test", "Zebulon Quartz"])).toMatch(/too easy to guess.*personal/);
  expect(passwordWeakness("correct horse battery")).toBeNull();
  expect(passwordWeakness("Tr0ub4dor&3xyz")).toBeNull();
});
