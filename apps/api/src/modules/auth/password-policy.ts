import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, PASSWORD_MIN_SCORE } from '@contracts';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';
import { DomainError } from '@api/common/domain-error';

/** zxcvbn's matching grows fast with length; what lies past this adds strength anyway. */
const SCORED_LENGTH = 64;

let factory: ZxcvbnFactory | null = null;
function zxcvbn(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
  });
  return factory;
}

/** What a user's own details give an attacker to guess from: names, email parts, org. */
export function personalWords(...values: (string | null | undefined)[]): string[] {
  const words = new Set<string>();
  for (const v of values) {
    if (!v) continue;
    const lower = v.toLowerCase();
    words.add(lower);
    if (lower.includes('@')) words.add(lower.slice(0, lower.lastIndexOf('@')));
    for (const part of lower.split(/[\s@]+/u)) if (part.length >= 3) words.add(part);
    for (const part of lower.split(/[^\p{L}\p{N}]+/u)) if (part.length >= 3) words.add(part);
  }
  return [...words];
}

const bare = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/**
 * Why a new password is refused, or null: NIST SP 800-63B and ASVS 5.0 — 12 to 128
 * characters, any characters, no composition rules; refused when zxcvbn (with its English and
 * common dictionaries, offline) scores it under 3 or it is built from the user's own details.
 */
export function passwordProblem(password: string, userWords: string[] = []): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters`;
  if (length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters`;
  const scored = [...password].slice(0, SCORED_LENGTH).join('');
  // Mostly one's own name or address, whatever the punctuation between its parts.
  const plain = bare(scored);
  if (
    userWords.some((word) => {
      const w = bare(word);
      return (
        w.length >= 4 && (plain.includes(w) || w.includes(plain)) && w.length >= plain.length / 2
      );
    })
  ) {
    return 'Do not build your password from your name or email address';
  }
  const result = zxcvbn().check(scored, userWords);
  if (result.score < PASSWORD_MIN_SCORE) {
    const hint = result.feedback.warning ?? result.feedback.suggestions[0];
    return `This password is too easy to guess${hint ? `: ${hint.replace(/\.$/, '')}` : ''}. A few unrelated words make a strong one.`;
  }
  return null;
}

/** The same check as a 400 naming the field. */
export function assertStrongPassword(
  password: string,
  userWords: string[],
  field = 'password',
): void {
  const problem = passwordProblem(password, userWords);
  if (problem)
    throw new DomainError('VALIDATION_FAILED', `${field}: ${problem}`, [
      { field, message: problem },
    ]);
}
