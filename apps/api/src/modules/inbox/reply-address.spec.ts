import { deriveKey } from '@api/config/keys';
import { ReplyAddresses } from './reply-address';

const config = 'contact@ocvrn.test';
const THREAD = '0b6c2f0e-5d7a-4c56-9a51-3f1f8d2b7c10';
const OTHER = '7f4e1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b';

describe('reply addresses', () => {
  const addresses = new ReplyAddresses(
    config,
    deriveKey('a-signing-secret-that-is-long-enough-123', 'tracking'),
  );

  it('gives each thread its own address, which parses back and verifies for it alone', () => {
    const address = addresses.address(THREAD, 'OCR-2026-7KQ4M9XD');
    expect(address).toMatch(/^contact\+ocr-2026-7kq4m9xd-[0-9a-z]{20}@ocvrn\.test$/);
    const parsed = addresses.parse(address.toUpperCase());
    expect(parsed?.reference).toBe('OCR-2026-7KQ4M9XD');
    expect(addresses.verify(THREAD, parsed!.mac)).toBe(true);
    expect(addresses.verify(OTHER, parsed!.mac)).toBe(false);
    expect(addresses.address(OTHER, 'OCR-2026-7KQ4M9XD')).not.toBe(address);
  });

  it('depends on the secret', () => {
    const other = new ReplyAddresses(
      config,
      deriveKey('another-signing-secret-that-is-long-enough', 'tracking'),
    );
    expect(other.address(THREAD, 'OCR-2026-000123')).not.toBe(
      addresses.address(THREAD, 'OCR-2026-000123'),
    );
  });

  it('accepts the contact address and its plus-addresses only', () => {
    expect(addresses.accepts('Contact@ocvrn.test')).toBe(true);
    expect(addresses.accepts('contact+anything@ocvrn.test')).toBe(true);
    expect(addresses.accepts('contactx@ocvrn.test')).toBe(false);
    expect(addresses.accepts('contact@elsewhere.test')).toBe(false);
    expect(addresses.parse('contact@ocvrn.test')).toBeNull();
    expect(addresses.parse('contact+ocr-2026-7kq4m9xd-short@ocvrn.test')).toBeNull();
    expect(addresses.parse('contact+ocr-2026-7kq4m9xd-aaaaaaaaaaaaaaaaaaaa@other.test')).toBeNull();
    expect(addresses.verify(THREAD, 'aaaaaaaaaaaaaaaaaaaa')).toBe(false);
  });
});
