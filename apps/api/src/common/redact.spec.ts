import { redactSecrets } from './redact';

describe('redactSecrets', () => {
  it('removes password hashes, tokens, cookies and secrets from a line', () => {
    const hash = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo';
    const jwt =
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
    const line =
      `hash ${hash} bearer ${jwt} Authorization: Bearer abc.def ` +
      `GET /verify-email?token=s3cr3tvalue&x=1 {"mfaToken":"zzz111","password":"hunter22"}`;
    const out = redactSecrets(line);
    for (const secret of [hash, jwt, 'abc.def', 's3cr3tvalue', 'zzz111', 'hunter22']) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('&x=1');
    expect(redactSecrets('Cookie: ocvrn_refresh=abc; ocvrn_device=def')).toBe('Cookie: [redacted]');
  });

  it('leaves ordinary lines alone', () => {
    const line = 'query failed: duplicate key value violates unique constraint "UQ_users_email"';
    expect(redactSecrets(line)).toBe(line);
  });
});
