import { useEffect, useMemo, useState } from 'react';
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@contracts';
import { judgePassword, loadStrengthChecker, passwordLengthProblem } from '../password-strength';
import '../account.css';

/** The sentence for a new-password field's hint: the rules the server applies. */
export const NEW_PASSWORD_HINT = `Use between ${PASSWORD_MIN_LENGTH} and ${PASSWORD_MAX_LENGTH} characters. A few unrelated words make a strong password that is easy to remember.`;

/** Waits for the typing to pause before scoring (zxcvbn takes a moment on long input). */
const DEBOUNCE_MS = 250;
const SEGMENTS = 5;

export interface PasswordStrengthProps {
  /** The meter's id: the password field's `describedBy`. */
  id: string;
  password: string;
  /** The user's own words (name, email, organisation), which make a password weak. */
  userInputs?: readonly string[];
}

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/**
 * A strength meter under a new-password field: zxcvbn's score as a bar and in words, with its
 * advice, as the user types. It guides; the server decides (the same rules, 12–128 characters
 * and a score of 3 or more). zxcvbn loads on first use, so the main bundle stays small.
 */
export function PasswordStrength({ id, password, userInputs = [] }: PasswordStrengthProps) {
  const [factory, setFactory] = useState<ZxcvbnFactory | null>(null);
  const [unavailable, setUnavailable] = useState(false);
  const typed = useDebounced(password, DEBOUNCE_MS);
  const wordsKey = userInputs.join('\u0000');

  useEffect(() => {
    let live = true;
    loadStrengthChecker().then(
      (loaded) => {
        if (live) setFactory(loaded);
      },
      () => {
        if (live) setUnavailable(true);
      },
    );
    return () => {
      live = false;
    };
  }, []);

  const verdict = useMemo(
    () => (factory && typed ? judgePassword(factory, typed, wordsKey.split('\u0000')) : null),
    [factory, typed, wordsKey],
  );

  let summary = '';
  if (typed && verdict) {
    summary = `Password strength: ${verdict.label}${verdict.acceptable ? '' : ' (too easy to guess)'}`;
  } else if (typed && unavailable) {
    const lengthProblem = passwordLengthProblem(typed);
    summary = lengthProblem ?? 'Long enough. The strength check could not load.';
  } else if (typed) {
    summary = 'Checking the password’s strength…';
  }
  const filled = verdict && typed ? verdict.score + 1 : 0;
  const level =
    !verdict || !typed
      ? 'none'
      : verdict.acceptable
        ? 'good'
        : verdict.score >= 2
          ? 'fair'
          : 'weak';
  const advice = verdict && typed && !verdict.acceptable ? verdict : null;

  return (
    <div id={id} className="app-password-strength" data-strength={level}>
      <div className="app-password-strength__bar" aria-hidden="true">
        {Array.from({ length: SEGMENTS }, (_, index) => (
          <span
            key={index}
            className={`app-password-strength__segment${index < filled ? ' app-password-strength__segment--on' : ''}`}
          />
        ))}
      </div>
      <p className="govuk-body-s app-password-strength__label" aria-live="polite">
        {summary}
      </p>
      {advice && (advice.warning || advice.suggestions.length > 0) ? (
        <ul className="govuk-list govuk-list--bullet govuk-body-s app-password-strength__advice">
          {advice.warning ? <li>{advice.warning}</li> : null}
          {advice.suggestions.map((suggestion) => (
            <li key={suggestion}>{suggestion}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
