import { isSafeReturnPath } from '@contracts';
import { displayName, isLoopback, providerSignsIn } from './sso-rules';

describe('providerSignsIn', () => {
  const met = { domains: ['met.police.uk', '*.met.police.uk'] };
  const police = { domains: ['*.police.uk'] };

  it('signs in the exact domain and, through a wildcard, its subdomains', () => {
    expect(providerSignsIn(met, 'a@met.police.uk')).toBe(true);
    expect(providerSignsIn(met, 'a@territorial.met.police.uk')).toBe(true);
    expect(providerSignsIn(police, 'a@kent.police.uk')).toBe(true);
  });

  it('ignores the case of the address', () => {
    expect(providerSignsIn(met, 'A.Officer@MET.Police.UK')).toBe(true);
  });

  it('refuses the parent a wildcard is written over, look-alikes and other domains', () => {
    expect(providerSignsIn(police, 'a@police.uk')).toBe(false);
    expect(providerSignsIn(met, 'a@notmet.police.uk')).toBe(false);
    expect(providerSignsIn(met, 'a@met.police.uk.evil.example')).toBe(false);
    expect(providerSignsIn(met, 'a@example.org')).toBe(false);
  });

  it('signs nobody in without domains', () => {
    expect(providerSignsIn({ domains: [] }, 'a@met.police.uk')).toBe(false);
  });
});

describe('isLoopback', () => {
  it.each(['localhost', '127.0.0.1', '127.1.2.3', '[::1]'])('%s is loopback', (host) => {
    expect(isLoopback(host)).toBe(true);
  });
  it.each(['example.org', '10.0.0.1', '127.0.0.1.example.org', 'localhost.example.org', '[::2]'])(
    '%s is not',
    (host) => {
      expect(isLoopback(host)).toBe(false);
    },
  );
});

describe('displayName', () => {
  it('keeps a plain name, one line, trimmed', () => {
    expect(displayName('  Ada   Lane ', 'x@y.uk')).toBe('Ada Lane');
    expect(displayName('Ada\nLane<script>', 'x@y.uk')).toBe('Ada Lane script');
  });
  it('falls back to the local part of the address, then to a word', () => {
    expect(displayName('', 'ada.lane@met.police.uk')).toBe('ada.lane');
    expect(displayName('\u0000', '<>@met.police.uk')).toBe('Member');
  });
  it('cuts at 200 characters', () => {
    expect(displayName('a'.repeat(500), 'x@y.uk')).toHaveLength(200);
  });
});

describe('isSafeReturnPath', () => {
  it.each(['/', '/members', '/members?q=fraud&sector=academia#results', '/events/123'])(
    'accepts %s',
    (path) => {
      expect(isSafeReturnPath(path)).toBe(true);
    },
  );
  it.each([
    '',
    'members',
    '//evil.example',
    '/\\evil.example',
    'https://evil.example/',
    '/api/auth/refresh',
    '/api',
    '/a b',
    '/a\nb',
  ])('refuses %j', (path) => {
    expect(isSafeReturnPath(path)).toBe(false);
  });
  it('refuses a path over 512 characters', () => {
    expect(isSafeReturnPath(`/${'a'.repeat(511)}`)).toBe(true);
    expect(isSafeReturnPath(`/${'a'.repeat(512)}`)).toBe(false);
  });
});
