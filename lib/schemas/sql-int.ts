import { z } from "zod";

// Whole numbers that go into a PostgreSQL `integer` column or parameter (versions, offsets). A
// number past 2^31 − 1 would pass `.int()` and then make PostgreSQL raise "out of range for type
// integer" — a 500 for what is the client's bad input. These refuse it at the edge with a 400.

export const INT4_MAX = 2_147_483_647;

/** A non-negative (or, with `min`, at-least-`min`) PostgreSQL integer. */
export const sqlInt = (min = 0) => z.number().int().min(min).max(INT4_MAX, { error: `must be at most ${INT4_MAX}` });
