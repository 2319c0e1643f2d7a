// Reads CSV (RFC 4180: quoted fields with doubled quotes, commas and line breaks inside quotes,
// CRLF or LF) in one pass over the text. Pure and isomorphic. A spreadsheet's BOM is dropped.

export class CsvError extends Error {}

export function readCsv(text: string, { maxRows = 100_000 }: { maxRows?: number } = {}): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const endRow = () => {
    row.push(field);
    field = "";
    if (!(row.length === 1 && row[0] === "")) rows.push(row);
    if (rows.length > maxRows) throw new CsvError(`more than ${maxRows.toLocaleString("en")} rows`);
    row = [];
  };
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === "\n") line++;
        field += c;
      }
    } else if (c === '"') {
      if (field !== "") throw new CsvError(`line ${line}: a quote inside an unquoted field (quote the whole field and double the quote)`);
      quoted = true;
    } else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      endRow();
      line++;
    } else field += c;
  }
  if (quoted) throw new CsvError(`a quoted field that starts on or before line ${line} is never closed`);
  if (field !== "" || row.length) endRow();
  return rows;
}
