import { createHmac, timingSafeEqual } from 'node:crypto';
import { crockford } from './contact-reference';

const MAC_LENGTH = 20;

/**
 * Each thread's own reply address, `contact+<reference>-<mac>@<domain>`: what we send carries it
 * in Reply-To, and mail to it joins the thread. The MAC (100 bits of an HMAC over the thread's
 * id, under the key derived for tracking) is the thread's secret: neither stored nor guessable.
 */
export class ReplyAddresses {
  private readonly key: Buffer;
  private readonly local: string;
  private readonly domain: string;

  /** `contactAddress`: the contact point's address; `key`: the key derived for tracking. */
  constructor(contactAddress: string, key: Buffer) {
    this.key = createHmac('sha256', key).update('contact reply address').digest();
    [this.local, this.domain] = contactAddress.toLowerCase().split('@');
  }

  private mac(threadId: string): string {
    const digest = createHmac('sha256', this.key).update(threadId).digest();
    return crockford(digest, MAC_LENGTH).toLowerCase();
  }

  /** The address the sender of `threadId` replies to. */
  address(threadId: string, reference: string): string {
    return `${this.local}+${reference.toLowerCase()}-${this.mac(threadId)}@${this.domain}`;
  }

  /** Whether the address is the contact address or one of its plus-addresses. */
  accepts(address: string): boolean {
    const [local, domain] = address.toLowerCase().split('@');
    return domain === this.domain && (local === this.local || local.startsWith(`${this.local}+`));
  }

  /** The reference and MAC a plus-address carries (not yet checked), or null. */
  parse(address: string): { reference: string; mac: string } | null {
    const [local, domain] = address.toLowerCase().split('@');
    if (domain !== this.domain || !local.startsWith(`${this.local}+`)) return null;
    const match = /^(ocr-\d{4}-[0-9a-z]{6,})-([0-9a-z]{20})$/.exec(
      local.slice(this.local.length + 1),
    );
    return match ? { reference: match[1].toUpperCase(), mac: match[2] } : null;
  }

  /** Whether the MAC is the thread's own. */
  verify(threadId: string, mac: string): boolean {
    const expected = Buffer.from(this.mac(threadId));
    const given = Buffer.from(mac.toLowerCase());
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
