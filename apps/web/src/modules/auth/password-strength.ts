import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, PASSWORD_MIN_SCORE } from '@contracts';

/** zxcvbn's matching grows fast with length; what lies past this adds strength anyway. */
const SCORED_LENGTH = 64;

let checker: Promise<ZxcvbnFactory> | null = null;

/**
 * zxcvbn with its English and common dictionaries (about a megabyte): fetched on first use,
 * only by the pages that ask for a new password, never part of the main bundle.
 */
export function loadStrengthChecker(): Promise<ZxcvbnFactory> {
  checker ??= Promise.all([
    import('@zxcvbn-ts/core'),
    import('@zxcvbn-ts/language-common'),
    import('@zxcvbn-ts/language-en'),
  ]).then(
    ([core, common, en]) =>
      new core.ZxcvbnFactory({
        dictionary: { ...common.dictionary, ...en.dictionary },
        graphs: common.adjacencyGraphs,
        translations: en.translations,
      }),
  );
  // A failed download may work later (a flaky connection): try again next time.
  checker.catch(() => {
    checker = null;
  });
  return checker;
}

export type StrengthLevel = 0 | 1 | 2 | 3 | 4;

export interface StrengthVerdict {
  /** zxcvbn's score (0–4); 0 too for a password outside the length rules. */
  score: StrengthLevel;
  /** What the meter says: "Very weak" … "Strong". */
  label: string;
  /** Whether the server is likely to take it (it decides). */
  acceptable: boolean;
  /** A sentence of advice, or null. */
  warning: string | null;
  suggestions: string[];
}

const LABELS: Record<StrengthLevel, string> = {
  0: 'Very weak',
  1: 'Weak',
  2: 'Fair',
  3: 'Good',
  4: 'Strong',
};

/** The length rule alone, as the server states it (characters, not UTF-16 units). */
export function passwordLengthProblem(password: string): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters`;
  if (length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters`;
  return null;
}

/** The meter's verdict on a password, given the user's own words (name, email, organisation). */
export function judgePassword(
  factory: ZxcvbnFactory,
  password: string,
  userInputs: readonly string[],
): StrengthVerdict {
  const scored = [...password].slice(0, SCORED_LENGTH).join('');
  const result = factory.check(scored, [...userInputs]);
  const lengthProblem = passwordLengthProblem(password);
  const score = (lengthProblem ? Math.min(result.score, 1) : result.score) as StrengthLevel;
  return {
    score,
    label: LABELS[score],
    acceptable: !lengthProblem && score >= PASSWORD_MIN_SCORE,
    warning: lengthProblem ?? result.feedback.warning ?? null,
    suggestions: result.feedback.suggestions,
  };
}

/** A user's words worth refusing in their password: the parts of their name, address, org. */
export function personalWords(...values: (string | null | undefined)[]): string[] {
  const words = new Set<string>();
  for (const value of values) {
    if (!value) continue;
    const lower = value.toLowerCase();
    words.add(lower);
    for (const part of lower.split(/[^\p{L}\p{N}]+/u)) if (part.length >= 3) words.add(part);
  }
  return [...words];
}
