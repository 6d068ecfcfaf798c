import { Logger } from '@nestjs/common';
import {
  OnGatewayConnection,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import type { Socket } from 'socket.io';
import { IdentityService } from '../auth/identity.service';
import { TokenService } from '../auth/token.service';
import { type IoServer, RealtimeServer, roomsFor } from './realtime.server';

interface SocketData {
  userId: string;
  sessionId: string;
}

/**
 * Authenticates every socket at the handshake with the access token (`auth.token`), then
 * joins it to its rooms. A bad or missing token is refused before the connection opens.
 */
@WebSocketGateway({ serveClient: false, transports: ['websocket', 'polling'] })
export class RealtimeGateway implements OnGatewayInit, OnGatewayConnection {
  private readonly logger = new Logger(RealtimeGateway.name);

  constructor(
    private readonly tokens: TokenService,
    private readonly identities: IdentityService,
    private readonly server: RealtimeServer,
  ) {}

  afterInit(io: IoServer): void {
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
          (socket.data as SocketData) = { userId: user.id, sessionId: claims.sid };
          void socket.join(roomsFor(user.id, claims.sid, user.roles));
          next();
        })
        .catch((err: unknown) => {
          this.logger.error(`handshake failed: ${(err as Error).message}`);
          next(new Error('unavailable'));
        });
    });
  }

  handleConnection(socket: Socket): void {
    if (!(socket.data as SocketData | undefined)?.userId) socket.disconnect(true);
  }

  @SubscribeMessage('ping')
  ping(): { ok: boolean; at: string } {
    return { ok: true, at: new Date().toISOString() };
  }
}
