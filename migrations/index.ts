import { Initial1795313717653 } from './1795313717653-Initial';

/** Every migration, in order. A new one is appended here. */
export const MIGRATIONS = [Initial1795313717653];
