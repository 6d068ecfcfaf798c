import { Initial1795313717653 } from './1795313717653-Initial';
import { MemberProfiles1795317388888 } from './1795317388888-MemberProfiles';

/** Every migration, in order. A new one is appended here. */
export const MIGRATIONS = [Initial1795313717653, MemberProfiles1795317388888];
