// Bounded slices of a list, for `in (...)` queries and multi-row inserts that must stay under bind-parameter limits.

/**
 * The list cut into consecutive slices of at most `size` items. PostgreSQL takes at most 65,535 bind parameters
 * per statement and SQLite (as built by better-sqlite3) 32,766, so bulk statements bound their lists.
 */
export function slices<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The distinct values of a list, in first-seen order. */
export const distinct = <T>(items: Iterable<T>): T[] => [...new Set(items)];
