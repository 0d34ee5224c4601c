/**
 * Chilean RUT: accepted as people write it ("12.345.678-5", "12345678-5", "123456785",
 * lower-case k), stored in one canonical form ("12345678-5"), valid only with the right
 * modulo-11 check digit. The database checks the same rule (rut_is_valid).
 */
export function rutCheckDigit(body: string): string {
  let sum = 0;
  let factor = 2;
  for (let i = body.length - 1; i >= 0; i--) {
    sum += Number(body[i]) * factor;
    factor = factor === 7 ? 2 : factor + 1;
  }
  const expected = 11 - (sum % 11);
  return expected === 11 ? '0' : expected === 10 ? 'K' : String(expected);
}

export type RutResult = { ok: true; rut: string } | { ok: false; reason: string };

export function parseRut(input: string): RutResult {
  const compact = input.trim().replace(/[.\s]/g, '').toUpperCase();
  if (compact === '') return { ok: false, reason: 'is empty' };
  const match = /^(\d{1,9})-?([\dK])$/.exec(compact);
  if (!match) return { ok: false, reason: 'must be digits and a check digit (0-9 or K), like 12.345.678-5' };
  const body = match[1].replace(/^0+/, '');
  if (body === '') return { ok: false, reason: 'has no number before the check digit' };
  const expected = rutCheckDigit(body);
  if (match[2] !== expected) return { ok: false, reason: `has a wrong check digit (expected ${expected})` };
  return { ok: true, rut: `${body}-${match[2]}` };
}

/** "12345678-5" → "12.345.678-5", as Chileans write it. */
export function formatRut(rut: string): string {
  const [body, digit] = rut.split('-');
  return `${body.replace(/\B(?=(\d{3})+(?!\d))/g, '.')}-${digit}`;
}
