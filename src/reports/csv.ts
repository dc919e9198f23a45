import { stringify } from 'csv-stringify/sync';
import type { Cell, ReportTable } from './tables';

/** Characters that make a spreadsheet read a cell as a formula (or DDE) rather than as text. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell as text a spreadsheet will not run: a leading apostrophe stops a formula (OWASP's advice). */
export function neutralise(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

const isRate = (cell: unknown): cell is { rate: number | null } => typeof cell === 'object' && cell !== null;

/** A rate in a column of rates is a number of percent (the heading says %); elsewhere it reads "62.5%". */
function csvValue(cell: Cell | boolean | undefined, rateColumn = false): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'boolean') return cell ? 'yes' : 'no';
  if (typeof cell === 'number') return String(cell);
  if (isRate(cell)) return cell.rate === null ? '' : `${Math.round(cell.rate * 1000) / 10}${rateColumn ? '' : '%'}`;
  return neutralise(cell);
}

export function toCsv(columns: string[], rows: (Cell | boolean | undefined)[][], rateColumns: boolean[] = []): string {
  return stringify([columns.map(neutralise), ...rows.map((row) => row.map((cell, index) => csvValue(cell, rateColumns[index])))], { record_delimiter: 'windows' });
}

/** A report table as CSV: rates as a number of percent, so a spreadsheet can sum and chart them. */
export function tableCsv(table: ReportTable): string {
  const rateColumns = table.columns.map((_, index) => table.rows.length > 0 && table.rows.every((row) => isRate(row[index])));
  const columns = table.columns.map((column, index) => {
    const group = groupOf(table, index);
    const heading = group ? `${group}: ${column}` : column;
    return rateColumns[index] ? `${heading} (%)` : heading;
  });
  return toCsv(columns, table.rows, rateColumns);
}

function groupOf(table: ReportTable, index: number): string | undefined {
  let start = 0;
  for (const group of table.groups ?? []) {
    if (index < start + group.span) return group.heading || undefined;
    start += group.span;
  }
  return undefined;
}

/** A CSV's heading line, on its own: a download written a batch at a time starts with it. */
export const headingCsv = (columns: string[]): string => stringify([columns.map(neutralise)], { record_delimiter: 'windows' });

/** Per-referral rows as CSV lines (no heading), their columns in the order the query gives them. */
export function rowLinesCsv(rows: Record<string, unknown>[], columns: string[]): string {
  return stringify(
    rows.map((row) => columns.map((column) => csvValue(row[column] as Cell | boolean))),
    { record_delimiter: 'windows' },
  );
}

/** A CSV file as spreadsheet programs open it: the byte order mark tells them it is UTF-8. */
export const csvFile = (csv: string) => `\ufeff${csv}`;
