const W1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const W2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

function control(digits: number[], weights: number[]): number | null {
  const sum = weights.reduce((acc, w, i) => acc + w * digits[i], 0);
  const k = 11 - (sum % 11);
  if (k === 11) return 0;
  if (k === 10) return null;
  return k;
}

/** True when the 11 digits carry both correct mod-11 control digits of a fødselsnummer (or D-number). */
export function isFodselsnummer(eleven: string): boolean {
  if (!/^\d{11}$/.test(eleven)) return false;
  const d = [...eleven].map(Number);
  const k1 = control(d.slice(0, 9), W1);
  if (k1 === null || k1 !== d[9]) return false;
  const k2 = control(d.slice(0, 10), W2);
  return k2 !== null && k2 === d[10];
}

/**
 * Finds a national identity number anywhere in free text: 11 digits, possibly written as
 * "DDMMYY NNNNN" or with a dot or dash after the date, not part of a longer number.
 */
export function containsFodselsnummer(text: string): boolean {
  for (const m of text.matchAll(/(?<!\d)(\d{6})[ .-]?(\d{5})(?!\d)/g)) {
    if (isFodselsnummer(m[1] + m[2])) return true;
  }
  return false;
}
