import { Injectable, Logger } from '@nestjs/common';
import type { ClientToServerEvents, RealtimeEnvelope, ServerToClientEvents } from '@contracts';
import { rooms } from '@contracts';
import type { Server } from 'socket.io';

export type IoServer = Server<ClientToServerEvents, ServerToClientEvents>;

/**
 * The Socket.IO server as a service: emits to rooms and changes other sockets' rooms.
 * Every operation goes through the adapter, so it reaches sockets on every instance.
 * Feature services never use the gateway; they write notifications (outbox) and call this
 * only for session control after commit.
 */
@Injectable()
export class RealtimeServer {
  private readonly logger = new Logger(RealtimeServer.name);
  private io: IoServer | null = null;

  attach(io: IoServer): void {
    this.io = io;
  }

  emit(envelope: RealtimeEnvelope, to: string[]): void {
    if (!this.io || to.length === 0) return;
    (this.io.to(to) as unknown as { emit: (ev: string, payload: unknown) => void }).emit(
      envelope.type,
      envelope,
    );
  }

  /** Moves a user's sockets (on every instance) into and out of rooms. */
  setRooms(userId: string, join: string[], leave: string[]): void {
    if (!this.io) return;
    const target = this.io.in(rooms.user(userId));
    if (leave.length > 0) leave.forEach((room) => target.socketsLeave(room));
    if (join.length > 0) target.socketsJoin(join);
  }

  /** Joins a user's sockets to the rooms of their roles (after a required factor is enrolled). */
  joinRoleRooms(userId: string, roles: string[]): void {
    const all = roomsFor(userId, '', roles).filter((r) => r !== sessionRoom(''));
    this.setRooms(userId, all, []);
  }

  /** Ends a user's (or one session's) open sockets, wherever they are connected. */
  disconnect(room: string, reason: string): void {
    if (!this.io) return;
    this.io.to(room).emit('session.ended', { reason });
    this.io.in(room).disconnectSockets(true);
    this.logger.log(`disconnected sockets in ${room}: ${reason}`);
  }
}

export const sessionRoom = (sessionId: string) => `session:${sessionId}`;

/** The rooms a user's sockets belong in, from their effective roles. */
export function roomsFor(userId: string, sessionId: string, roles: string[]): string[] {
  const list = [rooms.user(userId), sessionRoom(sessionId), ...roles.map((r) => rooms.role(r))];
  if (roles.includes('member')) list.push(rooms.members);
  return list;
}
