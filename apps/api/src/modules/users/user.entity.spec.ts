import { effectiveRoles } from './user.entity';

describe('effectiveRoles', () => {
  it('is applicant only until approved, whatever is stored', () => {
    expect(effectiveRoles({ status: 'pending', roles: ['admin'] })).toEqual(['applicant']);
    expect(effectiveRoles({ status: 'rejected', roles: [] })).toEqual(['applicant']);
  });

  it('always includes member once approved', () => {
    expect(effectiveRoles({ status: 'approved', roles: ['editor'] })).toEqual(['member', 'editor']);
    expect(effectiveRoles({ status: 'approved', roles: ['member', 'admin'] })).toEqual([
      'member',
      'admin',
    ]);
  });

  it('is nothing once disabled', () => {
    expect(effectiveRoles({ status: 'disabled', roles: ['member', 'admin'] })).toEqual([]);
  });
});
