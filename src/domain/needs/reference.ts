/** Formats a human reference: KB-2026-0042. Numbers grow past 9999 without breaking order. */
export function needReference(year: number, n: number): string {
  return `KB-${year}-${String(n).padStart(4, '0')}`;
}
