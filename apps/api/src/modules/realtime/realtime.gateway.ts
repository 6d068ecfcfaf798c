import { Logger } from '@nestjs/common';
import type { PresencePayload, PresenceUpdate } from '@contracts';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayConnection,
  OnGatewayDisconnect,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import type { Socket } from 'socket.io';
import { IdentityService } from '../auth/identity.service';
import { TokenService } from '../auth/token.service';
import { rooms } from '@contracts';
import { type IoServer, RealtimeServer, roomsFor } from './realtime.server';

interface SocketData {
  userId: string;
  sessionId: string;
  name: string;
  /** When the access token it was opened (or last renewed) with expires. */
  expiresAt: number;
  /** The inbox thread this socket's officer is on, and what they are doing there. */
  presence?: { threadId: string; state: 'viewing' | 'replying' };
}

/** Timers that drop a socket whose access token expired without `auth.renew`. */
const expiryTimers = new WeakMap<Socket, NodeJS.Timeout>();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const presenceRoom = (threadId: string) => `inbox-thread:${threadId}`;

/**
 * Authenticates every socket at the handshake with the access token (`auth.token`), then
 * joins it to its rooms. A bad or missing token is refused before the connection opens.
 */
@WebSocketGateway({ serveClient: false, transports: ['websocket', 'polling'] })
export class RealtimeGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  private readonly logger = new Logger(RealtimeGateway.name);

  constructor(
    private readonly tokens: TokenService,
    private readonly identities: IdentityService,
    private readonly server: RealtimeServer,
  ) {}

  private io: IoServer | null = null;

  afterInit(io: IoServer): void {
    this.io = io;
    this.server.attach(io);
    io.use((socket, next) => {
      const auth = socket.handshake.auth as { token?: unknown } | undefined;
      const token = typeof auth?.token === 'string' ? auth.token : undefined;
      const claims = token ? this.tokens.verify(token) : null;
      if (!claims) return next(new Error('unauthorized'));
      this.identities
        .load(claims.sub, claims.sid)
        .then((user) => {
          if (!user) return next(new Error('unauthorized'));
          (socket.data as SocketData) = {
            userId: user.id,
            sessionId: claims.sid,
            name: user.name,
            expiresAt: (claims.exp ?? 0) * 1000,
          };
          // Until a required second factor is enrolled (or a generated password replaced),
          // the socket hears only what is addressed to the user and the session.
          const restricted = user.mfaEnrolmentRequired || user.passwordChangeRequired;
          void socket.join(roomsFor(user.id, claims.sid, restricted ? [] : user.roles));
          next();
        })
        .catch((err: unknown) => {
          this.logger.error(`handshake failed: ${(err as Error).message}`);
          next(new Error('unavailable'));
        });
    });
  }

  handleConnection(socket: Socket): void {
    const data = socket.data as SocketData | undefined;
    if (!data?.userId) {
      socket.disconnect(true);
      return;
    }
    this.armExpiry(socket, data.expiresAt);
  }

  /**
   * A fresh access token of the same session keeps the socket open past the old one's expiry
   * (the SPA sends it after every refresh). Another session's token, or a bad one, is refused.
   */
  @SubscribeMessage('auth.renew')
  async renew(
    @ConnectedSocket() socket: Socket,
    @MessageBody() token: unknown,
  ): Promise<{ ok: boolean; error?: string }> {
    const data = socket.data as SocketData;
    const claims = typeof token === 'string' ? this.tokens.verify(token) : null;
    if (!claims || claims.sub !== data.userId || claims.sid !== data.sessionId) {
      return { ok: false, error: 'invalid' };
    }
    const user = await this.identities.load(claims.sub, claims.sid);
    if (!user) {
      socket.emit('session.ended', { reason: 'session ended' });
      socket.disconnect(true);
      return { ok: false, error: 'session ended' };
    }
    data.expiresAt = (claims.exp ?? 0) * 1000;
    this.armExpiry(socket, data.expiresAt);
    return { ok: true };
  }

  private armExpiry(socket: Socket, expiresAt: number): void {
    clearTimeout(expiryTimers.get(socket));
    const timer = setTimeout(
      () => {
        socket.emit('session.ended', { reason: 'access token expired' });
        socket.disconnect(true);
      },
      Math.max(0, Math.min(expiresAt - Date.now(), 2 ** 31 - 1)),
    );
    timer.unref();
    expiryTimers.set(socket, timer);
  }

  @SubscribeMessage('ping')
  ping(): { ok: boolean; at: string } {
    return { ok: true, at: new Date().toISOString() };
  }

  /**
   * A contact officer says what they are doing on an inbox thread. Presence lives on the
   * sockets themselves (a room per thread), so it is right across instances and gone with
   * the socket; every officer hears who is on the thread now.
   */
  @SubscribeMessage('inbox.presence')
  async presence(
    @ConnectedSocket() socket: Socket,
    @MessageBody() update: PresenceUpdate,
  ): Promise<{ ok: boolean; error?: string; presence?: PresencePayload }> {
    const data = socket.data as SocketData;
    // The socket's rooms follow role changes at once (on every instance), so they decide.
    if (!socket.rooms.has(rooms.role('contact_officer'))) return { ok: false, error: 'forbidden' };
    const state = update?.state;
    if (
      typeof update?.threadId !== 'string' ||
      !UUID.test(update.threadId) ||
      !['viewing', 'replying', 'left'].includes(state)
    ) {
      return { ok: false, error: 'invalid' };
    }
    const before = data.presence?.threadId;
    if (before && before !== update.threadId) {
      await socket.leave(presenceRoom(before));
      data.presence = undefined;
      await this.announce(before);
    }
    if (state === 'left') {
      await socket.leave(presenceRoom(update.threadId));
      data.presence = undefined;
    } else {
      data.presence = { threadId: update.threadId, state };
      await socket.join(presenceRoom(update.threadId));
    }
    return { ok: true, presence: await this.announce(update.threadId) };
  }

  handleDisconnect(socket: Socket): void {
    clearTimeout(expiryTimers.get(socket));
    const threadId = (socket.data as SocketData | undefined)?.presence?.threadId;
    if (threadId) {
      this.announce(threadId).catch((err: unknown) =>
        this.logger.warn(`presence after disconnect: ${(err as Error).message}`),
      );
    }
  }

  /** Tells every officer (on every instance) who is on a thread now. */
  private async announce(threadId: string): Promise<PresencePayload> {
    const payload: PresencePayload = { threadId, officers: [] };
    if (!this.io) return payload;
    const sockets = await this.io.in(presenceRoom(threadId)).fetchSockets();
    const byUser = new Map<string, PresencePayload['officers'][number]>();
    for (const s of sockets) {
      const d = s.data as SocketData;
      if (d.presence?.threadId !== threadId) continue;
      const seen = byUser.get(d.userId);
      // One line per officer: replying wins over viewing in another tab.
      if (!seen || d.presence.state === 'replying') {
        byUser.set(d.userId, { userId: d.userId, name: d.name, state: d.presence.state });
      }
    }
    payload.officers = [...byUser.values()];
    this.io.to(rooms.role('contact_officer')).emit('inbox.presence', payload);
    return payload;
  }
}
