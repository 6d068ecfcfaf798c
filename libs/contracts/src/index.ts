export * from './roles';
export * from './taxonomy';
export * from './problem';
export * from './auth';
export * from './admin';
export * from './pagination';
export * from './realtime';
export * from './members';
