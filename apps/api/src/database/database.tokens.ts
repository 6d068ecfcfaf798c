/** The PostgreSQL URL the process runs against (configured or embedded). */
export const DATABASE_URL = Symbol('DATABASE_URL');
