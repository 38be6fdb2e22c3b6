/** Helpers for the human-readable notes datasets carry. */

/** How many ids a note names before it summarises the rest. */
export const LIST_AT_MOST = 10;

/** The first ids, comma-separated, then "… (n in all)" when there are more. */
export function listIds(ids: readonly string[]): string {
  return ids.slice(0, LIST_AT_MOST).join(', ') + (ids.length > LIST_AT_MOST ? `, … (${ids.length} in all)` : '');
}
