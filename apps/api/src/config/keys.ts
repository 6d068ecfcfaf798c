import { hkdfSync } from 'node:crypto';

/** What each derived key is for; one key per purpose, none used for two. */
export type KeyPurpose =
  | 'sessions' // access tokens and sign-in challenges (JWT, HS256)
  | 'unsubscribe' // newsletter unsubscribe links
  | 'device' // the known-device cookie of sign-in limits
  | 'tracking' // contact-point reply addresses and tracking links
  | 'mail' // outbox bodies sealed until they are sent
  | 'exports' // members' data export links
  | 'totp'; // sealed authenticator-app secrets

export const KEYS = Symbol('KEYS');

/**
 * Keys derived (HKDF-SHA-256) from the one master secret (JWT_SECRET), each for one purpose:
 * a key that leaks or must change for one use does not open the others.
 */
export class Keys {
  private readonly cache = new Map<KeyPurpose, Buffer>();

  constructor(private readonly master: string) {}

  for(purpose: KeyPurpose): Buffer {
    let key = this.cache.get(purpose);
    if (!key) {
      key = deriveKey(this.master, purpose);
      this.cache.set(purpose, key);
    }
    return key;
  }
}

export function deriveKey(master: string, purpose: KeyPurpose): Buffer {
  return Buffer.from(hkdfSync('sha256', master, 'ocvrn', purpose, 32));
}
