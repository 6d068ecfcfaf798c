import type { RealtimeEnvelope } from '@contracts';
import { io, type Socket } from 'socket.io-client';
import { Collector } from './collector';

export interface TestSocket {
  socket: Socket;
  events: RealtimeEnvelope[];
  /** Resolves with the first event (already received or later) matching `pred`. */
  waitFor(pred: (e: RealtimeEnvelope) => boolean, timeoutMs?: number): Promise<RealtimeEnvelope>;
  close(): void;
}

/** A socket.io client that records every realtime envelope it receives. */
export function connectSocket(
  url: string,
  token: string,
  options: { reconnection?: boolean } = {},
): TestSocket {
  const socket = io(url, {
    auth: { token },
    transports: ['websocket'],
    reconnection: options.reconnection ?? false,
    forceNew: true,
  });
  const events = new Collector<RealtimeEnvelope>((all) => all.map((e) => e.type).join(', '));
  socket.onAny((_name: string, payload: RealtimeEnvelope) => {
    if (payload && typeof payload === 'object' && 'id' in payload) events.push(payload);
  });
  return {
    socket,
    events: events.items,
    waitFor: (pred, timeoutMs) => events.waitFor(pred, timeoutMs),
    close: () => socket.close(),
  };
}

/** Resolves once connected; rejects with the server's refusal (connect_error). */
export function connected(s: TestSocket, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (s.socket.connected) return resolve();
    const timer = setTimeout(() => reject(new Error('connect timeout')), timeoutMs);
    s.socket.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
    s.socket.once('connect_error', (err: Error) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/** Resolves when the server drops the socket. */
export function disconnected(s: TestSocket, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    if (!s.socket.connected) return resolve('not connected');
    const timer = setTimeout(() => reject(new Error('still connected')), timeoutMs);
    s.socket.once('disconnect', (reason: string) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}
