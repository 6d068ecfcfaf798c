import type { GrantableRole, LoginResponse, Role, UserStatus } from '@contracts';
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import request from 'supertest';
import { hashPassword } from '@api/modules/auth/passwords';

export const PASSWORD = 'correct horse battery';
let hashed: Promise<string> | null = null;

export interface TestUser {
  id: string;
  email: string;
  name: string;
  status: UserStatus;
  roles: GrantableRole[];
}

export interface UserOverrides {
  email?: string;
  name?: string;
  organisation?: string;
  sector?: string;
  country?: string;
  statement?: string;
  status?: UserStatus;
  roles?: GrantableRole[];
  /** Default true: the address counts as proved. */
  emailVerified?: boolean;
}

/** An application as the register form sends it, with unique values. */
export function buildApplication(overrides: Record<string, unknown> = {}) {
  const tag = randomUUID().slice(0, 8);
  return {
    email: `applicant-${tag}@example.ac.uk`,
    password: PASSWORD,
    name: `Applicant ${tag}`,
    organisation: 'University of Leeds',
    sector: 'academia',
    country: 'GB',
    statement: 'I research county lines drug markets and want to share findings.',
    ...overrides,
  };
}

/** Persists a user directly in the app's database (password `PASSWORD`). */
export async function createUser(db: Pool, overrides: UserOverrides = {}): Promise<TestUser> {
  hashed ??= hashPassword(PASSWORD);
  const tag = randomUUID().slice(0, 8);
  const status = overrides.status ?? 'approved';
  const roles = overrides.roles ?? (status === 'approved' ? ['member'] : []);
  const email = overrides.email ?? `user-${tag}@example.org`;
  const name = overrides.name ?? `User ${tag}`;
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO users (email, password_hash, name, organisation, sector, country, statement, status, roles, decided_at, email_verified_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, CASE WHEN $8 = 'pending' THEN NULL ELSE now() END,
             CASE WHEN $10 THEN now() END)
     RETURNING id`,
    [
      email,
      await hashed,
      name,
      overrides.organisation ?? 'Example Organisation',
      overrides.sector ?? 'academia',
      overrides.country ?? 'GB',
      overrides.statement ?? 'Test account',
      status,
      roles,
      overrides.emailVerified ?? true,
    ],
  );
  return { id: rows[0].id, email, name, status, roles };
}

export interface Session {
  user: TestUser;
  token: string;
  /** The refresh cookie as the server set it (name=value). */
  cookie: string;
  login: LoginResponse;
}

export function refreshCookieOf(res: request.Response): string {
  const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  return setCookie.map((c) => c.split(';')[0]).find((c) => c.startsWith('ocvrn_refresh=')) ?? '';
}

export async function login(
  url: string,
  email: string,
  password = PASSWORD,
): Promise<LoginResponse & { cookie: string }> {
  const res = await request(url).post('/api/auth/login').send({ email, password });
  if (res.status !== 200)
    throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { ...(res.body as LoginResponse), cookie: refreshCookieOf(res) };
}

/** A user holding `role` (an applicant for 'applicant'), signed in. */
export async function signedInAs(db: Pool, url: string, role: Role): Promise<Session> {
  const user =
    role === 'applicant'
      ? await createUser(db, { status: 'pending' })
      : await createUser(db, { roles: role === 'member' ? ['member'] : ['member', role] });
  const res = await login(url, user.email);
  return { user, token: res.accessToken, cookie: res.cookie, login: res };
}
