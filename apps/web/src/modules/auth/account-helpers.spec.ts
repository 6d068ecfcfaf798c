import { describe, expect, it } from '@jest/globals';
import { PASSWORD_MIN_SCORE } from '@contracts';
import { checkCode } from './components/codes';
import { judgePassword, loadStrengthChecker, passwordLengthProblem } from './password-strength';
import { describeDevice } from './user-agent';

describe('describeDevice', () => {
  it('names the browser and the system in plain words', () => {
    expect(
      describeDevice(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
      ),
    ).toBe('Edge on Windows');
    expect(
      describeDevice(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
      ),
    ).toBe('Safari on iPhone');
    expect(
      describeDevice(
        'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
      ),
    ).toBe('Firefox on Linux');
    expect(
      describeDevice(
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      ),
    ).toBe('Chrome on a Mac');
    expect(
      describeDevice(
        'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
      ),
    ).toBe('Chrome on Android');
  });

  it('says so when it cannot tell', () => {
    expect(describeDevice(null)).toBe('An unknown device');
    expect(describeDevice('curl/8.5.0')).toBe('Another app or device');
  });
});

describe('checkCode', () => {
  it('takes a 6-digit code, spaces and dashes aside', () => {
    expect(checkCode('totp', ' 123 456 ')).toEqual({ code: '123456' });
    expect(checkCode('totp', '')).toEqual({
      error: 'Enter the 6-digit code from your authenticator app',
    });
    expect(checkCode('totp', '12345')).toEqual({ error: 'The code must be 6 digits, like 123456' });
    expect(checkCode('totp', 'abcdef')).toEqual({
      error: 'The code must be 6 digits, like 123456',
    });
  });

  it('takes a recovery code as typed, without its separators', () => {
    expect(checkCode('recovery', 'abcd-efgh-jk')).toEqual({ code: 'abcdefghjk' });
    expect(checkCode('recovery', '  ')).toEqual({ error: 'Enter one of your recovery codes' });
    expect(checkCode('either', '654321')).toEqual({ code: '654321' });
    expect('error' in checkCode('either', 'x'.repeat(41))).toBe(true);
  });
});

describe('the password strength meter', () => {
  it('states the length rule in characters, not UTF-16 units', () => {
    expect(passwordLengthProblem('short')).toBe('Use at least 12 characters');
    expect(passwordLengthProblem('😀'.repeat(11))).toBe('Use at least 12 characters');
    expect(passwordLengthProblem('😀'.repeat(12))).toBeNull();
    expect(passwordLengthProblem('a'.repeat(129))).toBe('Use at most 128 characters');
  });

  it('scores as the server does: a guessable password is refused, unrelated words pass', async () => {
    const factory = await loadStrengthChecker();
    const weak = judgePassword(factory, 'password1234', []);
    expect(weak.acceptable).toBe(false);
    expect(weak.score).toBeLessThan(PASSWORD_MIN_SCORE);
    expect(weak.warning ?? weak.suggestions[0]).toBeTruthy();

    const strong = judgePassword(factory, 'violet kettle marathon dawn', []);
    expect(strong.acceptable).toBe(true);
    expect(strong.label).toMatch(/^(Good|Strong)$/);

    // Long enough but too short for the rule: never shown as acceptable.
    const short = judgePassword(factory, 'Zq8#vR2!x', []);
    expect(short.acceptable).toBe(false);
    expect(short.warning).toBe('Use at least 12 characters');
  });

  it('counts the user’s own words against the password', async () => {
    const factory = await loadStrengthChecker();
    const words = ['quillfeather', 'quillfeather@example.org'];
    const alone = judgePassword(factory, 'quillfeather2024', []);
    const withWords = judgePassword(factory, 'quillfeather2024', words);
    expect(withWords.score).toBeLessThanOrEqual(alone.score);
    expect(withWords.acceptable).toBe(false);
  });
});
