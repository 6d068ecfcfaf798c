import { createHash, randomInt } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { RecoveryCodeEntity } from './mfa.entities';

const COUNT = 10;
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

export const hashRecoveryCode = (normalised: string) =>
  createHash('sha256').update(normalised).digest();

/** A recovery code as typed: case, spaces and dashes do not matter. */
export const normaliseRecoveryCode = (code: string) => code.toLowerCase().replace(/[\s-]/g, '');

/** Ten new single-use codes (`abcde-fghij`), replacing any earlier set; only hashes are kept. */
export async function issueRecoveryCodes(m: EntityManager, userId: string): Promise<string[]> {
  await m.delete(RecoveryCodeEntity, { userId });
  const codes = Array.from({ length: COUNT }, () => {
    const raw = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    return `${raw.slice(0, 5)}-${raw.slice(5)}`;
  });
  await m.insert(
    RecoveryCodeEntity,
    codes.map((c) => ({ userId, codeHash: hashRecoveryCode(normaliseRecoveryCode(c)) })),
  );
  return codes;
}

/** Whether the user holds a set of recovery codes (used or not). */
export async function hasRecoveryCodes(m: EntityManager, userId: string): Promise<boolean> {
  return m.getRepository(RecoveryCodeEntity).existsBy({ userId });
}
