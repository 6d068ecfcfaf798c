import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

/**
 * A software WebAuthn authenticator for API tests: it creates ES256 credentials with "none"
 * attestation and signs assertions exactly as a browser and a platform authenticator would
 * (authenticator data, client data JSON, DER signature), so the server's real verification
 * runs. The browser tests use Chromium's virtual authenticator instead.
 */

interface CreationOptions {
  challenge: string;
  rp: { id?: string; name: string };
  user: { id: string; name: string; displayName: string };
}
interface RequestOptions {
  challenge: string;
  rpId?: string;
  allowCredentials?: { id: string }[];
}

export interface SoftCredential {
  id: string;
  privateKey: KeyObject;
  /** The COSE public key, as the authenticator reports it at registration. */
  cose: Buffer;
  userHandle: string;
  counter: number;
}

export interface RegistrationJSON {
  id: string;
  rawId: string;
  type: 'public-key';
  authenticatorAttachment: 'platform';
  clientExtensionResults: Record<string, never>;
  response: { clientDataJSON: string; attestationObject: string; transports: string[] };
}
export interface AssertionJSON {
  id: string;
  rawId: string;
  type: 'public-key';
  authenticatorAttachment: 'platform';
  clientExtensionResults: Record<string, never>;
  response: {
    clientDataJSON: string;
    authenticatorData: string;
    signature: string;
    userHandle?: string;
  };
}

const b64url = (b: Uint8Array) => Buffer.from(b).toString('base64url');
const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest();

// ---- A minimal CBOR encoder: unsigned and negative integers, byte and text strings, maps.
type Cbor = number | string | Uint8Array | Map<Cbor, Cbor>;

function head(major: number, n: number): Buffer {
  if (n < 24) return Buffer.from([(major << 5) | n]);
  if (n < 0x100) return Buffer.from([(major << 5) | 24, n]);
  if (n < 0x10000) {
    const b = Buffer.alloc(3);
    b[0] = (major << 5) | 25;
    b.writeUInt16BE(n, 1);
    return b;
  }
  const b = Buffer.alloc(5);
  b[0] = (major << 5) | 26;
  b.writeUInt32BE(n, 1);
  return b;
}

export function cbor(value: Cbor): Buffer {
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return Buffer.concat([head(3, bytes.length), bytes]);
  }
  if (value instanceof Uint8Array) return Buffer.concat([head(2, value.length), value]);
  const parts = [head(5, value.size)];
  for (const [k, v] of value) parts.push(cbor(k), cbor(v));
  return Buffer.concat(parts);
}

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_AT = 0x40;

export class SoftAuthenticator {
  readonly credentials: SoftCredential[] = [];

  /** `origin` is what the browser would report: the page's origin (`http://localhost:<port>`). */
  constructor(readonly origin: string) {}

  private get rpId(): string {
    return new URL(this.origin).hostname;
  }

  private authData(rpId: string, flags: number, counter: number, attested?: Buffer): Buffer {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(counter >>> 0, 0);
    return Buffer.concat([sha256(rpId), Buffer.from([flags]), c, ...(attested ? [attested] : [])]);
  }

  private clientData(type: string, challenge: string, origin: string): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }), 'utf8');
  }

  /**
   * `navigator.credentials.create()`: a new credential for these options (or, with `reuse`,
   * one this authenticator already holds, as a buggy or hostile client might send).
   */
  register(
    options: CreationOptions,
    override: { origin?: string; counter?: number; reuse?: SoftCredential } = {},
  ): RegistrationJSON {
    let credential = override.reuse;
    if (!credential) {
      const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const jwk = publicKey.export({ format: 'jwk' });
      const cose = cbor(
        new Map<Cbor, Cbor>([
          [1, 2], // kty: EC2
          [3, -7], // alg: ES256
          [-1, 1], // crv: P-256
          [-2, Buffer.from(jwk.x ?? '', 'base64url')],
          [-3, Buffer.from(jwk.y ?? '', 'base64url')],
        ]),
      );
      const id = b64url(randomBytes(32));
      const counter = override.counter ?? 0;
      credential = { id, privateKey, cose, userHandle: options.user.id, counter };
      this.credentials.push(credential);
    }
    const rawId = Buffer.from(credential.id, 'base64url');
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(rawId.length, 0);
    const attested = Buffer.concat([Buffer.alloc(16), idLength, rawId, credential.cose]);
    const authData = this.authData(
      options.rp.id ?? this.rpId,
      FLAG_UP | FLAG_UV | FLAG_AT,
      credential.counter,
      attested,
    );
    const attestationObject = cbor(
      new Map<Cbor, Cbor>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authData],
      ]),
    );
    return {
      id: credential.id,
      rawId: credential.id,
      type: 'public-key',
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
      response: {
        clientDataJSON: b64url(
          this.clientData('webauthn.create', options.challenge, override.origin ?? this.origin),
        ),
        attestationObject: b64url(attestationObject),
        transports: ['internal'],
      },
    };
  }

  /**
   * `navigator.credentials.get()`: an assertion by `credential` (default: the first allowed,
   * else the newest). Each one moves the counter on by one unless `counter` says otherwise.
   */
  assert(
    options: RequestOptions,
    override: {
      credential?: SoftCredential;
      counter?: number;
      userVerified?: boolean;
      origin?: string;
    } = {},
  ): AssertionJSON {
    const allowed = options.allowCredentials?.map((c) => c.id) ?? [];
    const credential =
      override.credential ??
      this.credentials.find((c) => allowed.includes(c.id)) ??
      this.credentials[this.credentials.length - 1];
    if (!credential) throw new Error('the soft authenticator holds no credential');
    credential.counter = override.counter ?? credential.counter + 1;
    const flags = FLAG_UP | (override.userVerified === false ? 0 : FLAG_UV);
    const authData = this.authData(options.rpId ?? this.rpId, flags, credential.counter);
    const clientDataJSON = this.clientData(
      'webauthn.get',
      options.challenge,
      override.origin ?? this.origin,
    );
    const signature = sign(
      'sha256',
      Buffer.concat([authData, sha256(clientDataJSON)]),
      credential.privateKey,
    );
    return {
      id: credential.id,
      rawId: credential.id,
      type: 'public-key',
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
      response: {
        clientDataJSON: b64url(clientDataJSON),
        authenticatorData: b64url(authData),
        signature: b64url(signature),
        userHandle: credential.userHandle,
      },
    };
  }
}
