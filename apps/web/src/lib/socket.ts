import { io, type Socket } from 'socket.io-client';
import type {
  ClientToServerEvents,
  EventPayloads,
  EventType,
  Page,
  RealtimeEnvelope,
  ServerToClientEvents,
} from '@contracts';
import { api, onAccessTokenRenewed, refreshSession, SESSION_ENDED_MESSAGE } from './api';
import { authStore } from './auth-store';

export type RealtimeSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A realtime envelope narrowed by its `type`, so a `switch` gives the right `data`. */
export type AnyRealtimeEvent = { [K in EventType]: RealtimeEnvelope<K> }[EventType];

/**
 * How an event reached us: pushed on the socket, replayed after a reconnect, or part of the
 * history fetched the first time this browser saw this user (already "read").
 */
export type EventSource = 'live' | 'catch-up' | 'baseline';

export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected';

export interface RealtimeHandlers {
  onEvent: (event: AnyRealtimeEvent, source: EventSource) => void;
  onSessionEnded: (message: string) => void;
  onStatus?: (status: ConnectionStatus) => void;
}

const EVENT_TYPES: ReadonlySet<string> = new Set<EventType>([
  'member.application.created',
  'member.approved',
  'member.rejected',
  'account.roles.changed',
  'account.export.ready',
  'member.updated',
  'newsletter.published',
  'newsletter.status.changed',
  'document.published',
  'document.quarantined',
  'document.reviewed',
  'document.removed',
  'event.created',
  'event.updated',
  'event.registration.changed',
  'event.registration.promoted',
  'inbox.thread.created',
  'inbox.message.created',
  'inbox.thread.updated',
] satisfies (keyof EventPayloads)[]);

const MAX_CATCH_UP_PAGES = 50;
const MAX_SEEN_IDS = 2000;

function isEnvelope(value: unknown): value is AnyRealtimeEvent {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<RealtimeEnvelope>;
  return (
    (typeof candidate.id === 'string' || typeof candidate.id === 'number') &&
    typeof candidate.type === 'string' &&
    EVENT_TYPES.has(candidate.type)
  );
}

/** Compares notification ids: decimal strings that increase. */
export function compareIds(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) {
    const x = BigInt(a);
    const y = BigInt(b);
    return x === y ? 0 : x < y ? -1 : 1;
  }
  return a === b ? 0 : a < b ? -1 : 1;
}

function maxId(a: string | null, b: string): string {
  return a === null || compareIds(b, a) > 0 ? b : a;
}

function storageKey(userId: string): string {
  return `ocvrn:last-notification:${userId}`;
}

function readLastId(userId: string): string | null {
  try {
    return localStorage.getItem(storageKey(userId));
  } catch {
    return null;
  }
}

function writeLastId(userId: string, id: string): void {
  try {
    localStorage.setItem(storageKey(userId), id);
  } catch {
    // Storage may be unavailable (private mode): the id stays in memory.
  }
}

class RealtimeConnection {
  readonly socket: RealtimeSocket;
  private lastId: string | null;
  private readonly seen = new Set<string>();
  private catchingUp = false;
  private catchUpAgain = false;
  /** Highest id that arrived live while a catch-up was running. */
  private liveMaxDuringCatchUp: string | null = null;
  private refreshTried = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  private readonly stopRenewing: () => void;

  constructor(
    readonly userId: string,
    private readonly handlers: RealtimeHandlers,
  ) {
    this.lastId = readLastId(userId);
    this.socket = io({
      path: '/socket.io',
      transports: ['websocket', 'polling'],
      // A callback, so each (re)connection sends the token we hold at that moment.
      auth: (callback) => callback({ token: authStore.getAccessToken() }),
      autoConnect: false,
    });
    this.bind();
    // The server drops a socket whose access token expires: hand it each refreshed one.
    this.stopRenewing = onAccessTokenRenewed((token) => this.renew(token));
    handlers.onStatus?.('connecting');
    this.socket.connect();
  }

  private bind(): void {
    const { socket } = this;
    socket.on('connect', () => {
      this.refreshTried = false;
      this.handlers.onStatus?.('connected');
      void this.catchUp();
    });
    socket.on('disconnect', (reason) => {
      this.handlers.onStatus?.('disconnected');
      // The server closed the socket (for example an expired token): reconnect with a fresh one.
      if (reason === 'io server disconnect' && !this.stopped) void this.reauthenticate();
    });
    socket.on('connect_error', () => {
      this.handlers.onStatus?.('disconnected');
      // `active` stays true for transport failures (socket.io retries by itself); it is false
      // when the server refused the handshake, which means our token was not accepted.
      if (!socket.active && !this.stopped) void this.reauthenticate();
    });
    socket.on('session.ended', (info) => {
      const reason = typeof info?.reason === 'string' ? info.reason : '';
      // Only the socket's token ran out (a renewal was lost): the disconnect that follows
      // reconnects with a fresh token; the session itself goes on.
      if (/token expired/i.test(reason)) return;
      this.stopped = true;
      this.handlers.onSessionEnded(
        /disabled/i.test(reason)
          ? 'Your session has ended because this account has been disabled.'
          : SESSION_ENDED_MESSAGE,
      );
    });
    socket.onAny((eventName: string, ...args: unknown[]) => {
      if (eventName === 'session.ended') return;
      const [payload] = args;
      if (isEnvelope(payload)) this.accept(payload, 'live');
    });
  }

  /** `auth.renew` with a fresh token; if the server refuses it, reconnect with it instead. */
  private renew(token: string): void {
    if (this.stopped || !this.socket.connected) return;
    this.socket.timeout(10_000).emit('auth.renew', token, (error, reply) => {
      if (this.stopped) return;
      if (error || !reply.ok) this.reconnect();
    });
  }

  private async reauthenticate(): Promise<void> {
    if (this.refreshTried) {
      // A fresh token was refused too: try again later rather than loop.
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => {
        this.refreshTried = false;
        if (!this.stopped) this.socket.connect();
      }, 30_000);
      return;
    }
    this.refreshTried = true;
    const refreshed = await refreshSession();
    if (this.stopped) return;
    if (refreshed) {
      this.socket.connect();
    } else if (authStore.getState().status !== 'signed-in') {
      this.handlers.onSessionEnded(SESSION_ENDED_MESSAGE);
    }
  }

  private accept(event: AnyRealtimeEvent, source: EventSource): void {
    const id = String(event.id);
    if (this.seen.has(id)) return;
    this.seen.add(id);
    if (this.seen.size > MAX_SEEN_IDS) {
      const oldest = this.seen.values().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    if (source === 'live' && this.catchingUp) {
      this.liveMaxDuringCatchUp = maxId(this.liveMaxDuringCatchUp, id);
    } else {
      this.advance(id);
    }
    this.handlers.onEvent(event, source);
  }

  private advance(id: string): void {
    const next = maxId(this.lastId, id);
    if (next !== this.lastId) {
      this.lastId = next;
      writeLastId(this.userId, next);
    }
  }

  /** `GET /api/notifications?after=<last id>`, page by page, so nothing is missed. */
  private async catchUp(): Promise<void> {
    if (this.catchingUp) {
      this.catchUpAgain = true;
      return;
    }
    this.catchingUp = true;
    this.liveMaxDuringCatchUp = null;
    const source: EventSource = this.lastId === null ? 'baseline' : 'catch-up';
    let after = this.lastId;
    let cursor: string | null = null;
    let completed = false;
    try {
      for (let page = 0; page < MAX_CATCH_UP_PAGES && !this.stopped; page += 1) {
        const result: Page<RealtimeEnvelope> = await api.get<Page<RealtimeEnvelope>>(
          '/notifications',
          { after, cursor },
        );
        for (const item of result.items) {
          if (isEnvelope(item)) this.accept(item, source);
        }
        const last = result.items.at(-1);
        if (last) after = String(last.id);
        if (!result.nextCursor || result.items.length === 0) {
          completed = true;
          break;
        }
        cursor = result.nextCursor;
      }
    } catch {
      // The next reconnect (or the next catch-up) will try again from the same id.
    } finally {
      this.catchingUp = false;
      // After a first (baseline) catch-up with nothing in it, later ones start from the beginning
      // rather than being treated as history again.
      if (completed && this.lastId === null) {
        this.lastId = '0';
        writeLastId(this.userId, '0');
      }
      if (completed && this.liveMaxDuringCatchUp !== null) this.advance(this.liveMaxDuringCatchUp);
      this.liveMaxDuringCatchUp = null;
    }
    if (this.catchUpAgain && !this.stopped) {
      this.catchUpAgain = false;
      await this.catchUp();
    }
  }

  reconnect(): void {
    if (this.stopped) return;
    this.socket.disconnect();
    this.socket.connect();
  }

  stop(): void {
    this.stopped = true;
    this.stopRenewing();
    clearTimeout(this.retryTimer);
    this.socket.offAny();
    this.socket.removeAllListeners();
    this.socket.disconnect();
  }
}

let current: RealtimeConnection | null = null;
const socketListeners = new Set<() => void>();

function socketChanged(): void {
  for (const listener of socketListeners) listener();
}

/** The open realtime socket (null when signed out), for features that talk back (presence). */
export function getRealtimeSocket(): RealtimeSocket | null {
  return current?.socket ?? null;
}

/** Called when the socket is opened or closed (for `useSyncExternalStore`). */
export function subscribeRealtimeSocket(listener: () => void): () => void {
  socketListeners.add(listener);
  return () => socketListeners.delete(listener);
}

/** Opens the realtime connection for a signed-in user (no-op if already open for them). */
export function startRealtime(userId: string, handlers: RealtimeHandlers): void {
  if (current?.userId === userId) return;
  stopRealtime();
  current = new RealtimeConnection(userId, handlers);
  socketChanged();
}

export function stopRealtime(): void {
  if (!current) return;
  current.stop();
  current = null;
  socketChanged();
}

/**
 * Reconnects with the current token, so the server re-joins the socket to the rooms of the
 * user's new roles (after approval or a role change). The catch-up on connect fills any gap.
 */
export function reconnectRealtime(): void {
  current?.reconnect();
}
