/** Formats a human reference such as KB-2026-0042. Numbers grow past 9999 without breaking order. */
export function reference(prefix: string, year: number, n: number): string {
  return `${prefix}-${year}-${String(n).padStart(4, '0')}`;
}

/** A knowledge need's reference: KB-2026-0042. */
export function needReference(year: number, n: number): string {
  return reference('KB', year, n);
}
