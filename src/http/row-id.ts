/** The largest value of a serial id column (a PostgreSQL integer). */
export const MAX_ROW_ID = 2_147_483_647;

/**
 * Whether a number from a request can name a row. A bigger one is not just "not found": the
 * database refuses to compare it with an integer column at all, and that refusal was a 500.
 */
export const isRowId = (id: number): boolean => Number.isInteger(id) && id >= 1 && id <= MAX_ROW_ID;
