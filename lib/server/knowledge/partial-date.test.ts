import { expect, test } from "vitest";
import { comparePartialDates, earliestDate, parsePartialDate, type PartialDate } from "@/lib/server/knowledge/partial-date";

test("a partial date is the period it names", () => {
  expect(parsePartialDate("2019")).toMatchObject({ precision: "year", start: "2019-01-01", end: "2019-12-31" });
  expect(parsePartialDate("2024-02")).toMatchObject({ precision: "month", start: "2024-02-01", end: "2024-02-29" });
  expect(parsePartialDate("2019-04-25")).toMatchObject({ precision: "day", start: "2019-04-25", end: "2019-04-25" });
  expect(parsePartialDate("2019-02-30")).toBeNull();
  expect(parsePartialDate("April 2019")).toBeNull();
  expect(parsePartialDate(null)).toBeNull();
});

test("ordering by start of period, the coarser first at the same start", () => {
  const sorted = ["2019-04-25", "2019-04", "2001-08-04", "2019", "2019-01-01", "1948"]
    .map((v) => parsePartialDate(v)!)
    .sort(comparePartialDates)
    .map((d: PartialDate) => d.value);
  expect(sorted).toEqual(["1948", "2001-08-04", "2019", "2019-01-01", "2019-04", "2019-04-25"]);
});

test("the earliest of several dates, preferring a precise date to one that only contains it", () => {
  expect(earliestDate(["2019", "2019-04-25", "2020"])?.value).toBe("2019-04-25");
  expect(earliestDate(["2019-05", "2019-04-25"])?.value).toBe("2019-04-25");
  expect(earliestDate([undefined, "nonsense"])).toBeNull();
});
