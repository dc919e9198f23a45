/** The run's table: one row per figure, what it should be, and whether it is. */
export interface Row {
  what: string;
  figure: string;
  /** Empty for figures that are information only. */
  expected: string;
  ok: boolean;
}

export const info = (what: string, figure: string): Row => ({ what, figure, expected: '', ok: true });
export const check = (what: string, figure: string | number, expected: string | number, ok: boolean): Row => ({
  what,
  figure: String(figure),
  expected: String(expected),
  ok,
});

/** A count of statuses as "503 × 12, 500 × 1"; "none" when empty. */
export function statuses(counts: Map<number | string, number>): string {
  const parts = [...counts].sort(([a], [b]) => String(a).localeCompare(String(b))).map(([status, n]) => `${status} × ${n}`);
  return parts.length ? parts.join(', ') : 'none';
}

export function table(rows: Row[]): string {
  const header: [string, string, string, string] = ['', 'figure', 'expected', 'ok'];
  const lines: [string, string, string, string][] = rows.map((row) => [row.what, row.figure, row.expected, row.expected ? (row.ok ? 'yes' : 'NO') : '']);
  const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => line[i]!.length)));
  const format = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  return [format(header), format(widths.map((width) => '-'.repeat(width))), ...lines.map(format)].join('\n');
}
