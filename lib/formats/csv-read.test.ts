import { expect, test } from "vitest";
import { CsvError, readCsv } from "@/lib/formats/csv-read";

test("quoted fields keep commas, doubled quotes and line breaks; CRLF, LF and a BOM are all read", () => {
  expect(readCsv('\uFEFFid,title\r\n1,"Kim, Putin ""meet"""\r\n2,"two\nlines"\n3,\n')).toEqual([
    ["id", "title"],
    ["1", 'Kim, Putin "meet"'],
    ["2", "two\nlines"],
    ["3", ""],
  ]);
  expect(readCsv("a,b")).toEqual([["a", "b"]]);
  expect(readCsv("\n\n")).toEqual([]);
});

test("broken quoting is refused with the line", () => {
  expect(() => readCsv('a,b\n1,"open')).toThrow(CsvError);
  expect(() => readCsv('a,b\n1,x"y"')).toThrow('line 2: a quote inside an unquoted field');
});

test("the row limit is enforced while reading", () => {
  expect(() => readCsv("a\n".repeat(11), { maxRows: 10 })).toThrow("more than 10 rows");
});
