import type { AuthUser } from './auth.decorators';
import { DomainError } from './domain-error';
import { requireStepUp, STEP_UP_TTL_MS } from './step-up';

const user = (over: Partial<AuthUser>): AuthUser => ({
  id: 'u',
  email: 'u@example.org',
  name: 'U',
  status: 'approved',
  roles: ['member', 'admin'],
  sessionId: 's',
  createdAt: new Date(0),
  emailVerified: true,
  hasFactor: true,
  mfaEnrolmentRequired: false,
  passwordChangeRequired: false,
  stepUpAt: null,
  ...over,
});

const code = (f: () => void) => {
  try {
    f();
    return 'passed';
  } catch (err) {
    return err instanceof DomainError ? err.code : 'other';
  }
};

describe('requireStepUp', () => {
  const now = Date.UTC(2026, 11, 7, 12);

  it('passes for five minutes after a factor is proved, then asks again', () => {
    const at = (ms: number) => user({ stepUpAt: new Date(now - ms) });
    expect(code(() => requireStepUp(at(0), now))).toBe('passed');
    expect(code(() => requireStepUp(at(STEP_UP_TTL_MS), now))).toBe('passed');
    expect(code(() => requireStepUp(at(STEP_UP_TTL_MS + 1), now))).toBe('STEP_UP_REQUIRED');
    expect(code(() => requireStepUp(user({}), now))).toBe('STEP_UP_REQUIRED');
  });

  it('has nothing to ask of an account without a factor', () => {
    expect(code(() => requireStepUp(user({ hasFactor: false }), now))).toBe('passed');
  });
});
