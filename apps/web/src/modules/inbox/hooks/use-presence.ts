import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { PresencePayload, PresenceState } from '@contracts';
import { getRealtimeSocket, subscribeRealtimeSocket, type RealtimeSocket } from '@web/lib/socket';

export type PresenceOfficer = PresencePayload['officers'][number];

function emit(
  socket: RealtimeSocket,
  threadId: string,
  state: PresenceState,
  onPresence?: (presence: PresencePayload) => void,
): void {
  if (!socket.connected) return; // said again on (re)connect
  socket.emit('inbox.presence', { threadId, state }, (reply) => {
    if (reply?.ok && reply.presence?.threadId === threadId) onPresence?.(reply.presence);
  });
}

/**
 * Tells the other contact officers that I am viewing (or replying on) a thread, and returns
 * who else is on it now. The state is said again after every reconnect, and `left` when the
 * page goes.
 */
export function usePresence(
  threadId: string,
  state: Exclude<PresenceState, 'left'>,
  myUserId: string | null,
): PresenceOfficer[] {
  const socket = useSyncExternalStore(subscribeRealtimeSocket, getRealtimeSocket);
  const [officers, setOfficers] = useState<PresenceOfficer[]>([]);
  const stateRef = useRef(state);
  stateRef.current = state;

  // Joining the thread, listening to its presence, and leaving it.
  useEffect(() => {
    if (!socket || !threadId) return;
    const accept = (presence: PresencePayload) => {
      if (presence.threadId === threadId) setOfficers(presence.officers);
    };
    const announceState = () => emit(socket, threadId, stateRef.current, accept);
    socket.on('inbox.presence', accept);
    socket.on('connect', announceState);
    announceState();
    return () => {
      socket.off('inbox.presence', accept);
      socket.off('connect', announceState);
      emit(socket, threadId, 'left');
      setOfficers([]);
    };
  }, [socket, threadId]);

  // Viewing ⇄ replying.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (socket && threadId) {
      emit(socket, threadId, state, (presence) => setOfficers(presence.officers));
    }
  }, [socket, threadId, state]);

  return officers.filter((officer) => officer.userId !== myUserId);
}
