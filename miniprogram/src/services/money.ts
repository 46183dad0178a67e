/** Money display. Fen stay integers everywhere; only this turns them into text. */

/** ¥ with two decimals from integer fen (no floating-point sums: fen stay integers until here). */
export function yuan(fen: number): string {
  const neg = fen < 0;
  const abs = Math.abs(Math.round(fen));
  return `${neg ? '-' : ''}¥${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
