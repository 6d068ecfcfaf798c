import { useSyncExternalStore } from 'react';
import type { Role, UserResponse } from '@contracts';

export type AuthStatus = 'loading' | 'signed-in' | 'signed-out';

export interface AuthState {
  status: AuthStatus;
  user: UserResponse | null;
  /** Why the session ended (shown on the sign-in page), or null after a normal sign-out. */
  endedMessage: string | null;
}

type Listener = () => void;

/** The access token lives in memory only: never in localStorage or a readable cookie. */
let accessToken: string | null = null;
let state: AuthState = { status: 'loading', user: null, endedMessage: null };
const listeners = new Set<Listener>();

function setState(next: AuthState): void {
  state = next;
  for (const listener of listeners) listener();
}

export const authStore = {
  getState(): AuthState {
    return state;
  },
  getAccessToken(): string | null {
    return accessToken;
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  setSession(token: string, user: UserResponse): void {
    accessToken = token;
    setState({ status: 'signed-in', user, endedMessage: null });
  },
  setToken(token: string): void {
    accessToken = token;
  },
  setUser(user: UserResponse): void {
    if (state.status !== 'signed-in') return;
    setState({ ...state, user });
  },
  patchUser(patch: Partial<UserResponse>): void {
    if (state.status !== 'signed-in' || !state.user) return;
    setState({ ...state, user: { ...state.user, ...patch } });
  },
  clear(endedMessage: string | null = null): void {
    accessToken = null;
    setState({ status: 'signed-out', user: null, endedMessage });
  },
  clearEndedMessage(): void {
    if (state.endedMessage === null) return;
    setState({ ...state, endedMessage: null });
  },
};

export function useAuth(): AuthState {
  return useSyncExternalStore(authStore.subscribe, authStore.getState);
}

export function hasRole(user: UserResponse | null, role: Role): boolean {
  return user?.roles.includes(role) ?? false;
}
