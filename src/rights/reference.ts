import { randomInt } from 'node:crypto';

// No 0/O or 1/I: people read references out over the phone and copy them by hand.
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** TD-YYYYMMDD-XXXX (Beijing date, four random characters): what the claimant quotes. */
export function takedownReference(now: number): string {
  const date = new Date(now + 8 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, '');
  let tail = '';
  for (let i = 0; i < 4; i++) tail += ALPHABET[randomInt(ALPHABET.length)];
  return `TD-${date}-${tail}`;
}

export const REFERENCE_PATTERN = /^TD-\d{8}-[A-Z2-9]{4}$/;
