/**
 * What a code field takes: a TOTP from the authenticator app, a recovery code, or either
 * (confirming it is you, where the server takes both).
 */
export type CodeKind = 'totp' | 'recovery' | 'either';

/** The code as the server wants it, or why it cannot be right (said before sending it). */
export function checkCode(kind: CodeKind, value: string): { code: string } | { error: string } {
  const code = value.replace(/[\s-]/g, '');
  if (kind === 'totp') {
    if (!code) return { error: 'Enter the 6-digit code from your authenticator app' };
    if (!/^\d{6}$/.test(code)) return { error: 'The code must be 6 digits, like 123456' };
    return { code };
  }
  if (!code) {
    return {
      error:
        kind === 'recovery'
          ? 'Enter one of your recovery codes'
          : 'Enter the code from your authenticator app, or a recovery code',
    };
  }
  if (code.length > 40) return { error: 'That code is too long: check it again' };
  return { code };
}
