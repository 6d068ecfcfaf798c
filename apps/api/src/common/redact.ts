const SECRETS: [RegExp, string][] = [
  // Password hashes.
  [/\$argon2(?:id|i|d)\$[^\s'",]+/g, '$argon2…[redacted]'],
  // JSON Web Tokens (sessions, MFA challenges).
  [/\beyJ[\w-]{6,}\.[\w-]{6,}\.[\w-]*/g, '[redacted token]'],
  // Authorization and cookie values.
  [/\b(bearer)\s+[\w.~+/=-]+/gi, '$1 [redacted]'],
  [/\b(cookie|set-cookie)(["']?\s*[:=]\s*)[^\n]+/gi, '$1$2[redacted]'],
  // Tokens in links and bodies: ?token=…, "mfaToken":"…", tracking secrets, unsubscribe keys.
  [/\b(\w*(?:token|secret|key|password)s?)(=|["']?\s*:\s*["']?)[^\s&"',;)]+/gi, '$1$2[redacted]'],
];

/** Removes password hashes, tokens, cookies and secrets from a line before it is written. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SECRETS) out = out.replace(pattern, replacement);
  return out;
}
