import { createSocket, type RemoteInfo } from 'node:dgram';

/** Fixed answers by name (lower case) and record type. */
export type DnsZone = Record<string, { TXT?: string[]; A?: string[] }>;

export interface DnsServer {
  /** `127.0.0.1:<port>`, for a resolver's server list. */
  address: string;
  close(): Promise<void>;
}

const TYPES: Record<number, 'TXT' | 'A'> = { 1: 'A', 16: 'TXT' };

function readName(packet: Buffer, offset: number): { name: string; end: number } {
  const labels: string[] = [];
  let at = offset;
  while (packet[at] !== 0) {
    const length = packet[at];
    labels.push(packet.subarray(at + 1, at + 1 + length).toString('latin1'));
    at += 1 + length;
  }
  return { name: labels.join('.').toLowerCase(), end: at + 1 };
}

function rdata(type: 'TXT' | 'A', value: string): Buffer {
  if (type === 'A') return Buffer.from(value.split('.').map(Number));
  const chunks: Buffer[] = [];
  const bytes = Buffer.from(value, 'latin1');
  for (let i = 0; i === 0 || i < bytes.length; i += 255) {
    const piece = bytes.subarray(i, i + 255);
    chunks.push(Buffer.from([piece.length]), piece);
  }
  return Buffer.concat(chunks);
}

/**
 * A real DNS server on loopback (UDP) that answers TXT and A questions from a fixed zone:
 * NXDOMAIN for a name it does not hold, an empty answer for a type the name lacks.
 */
export async function startDnsServer(zone: DnsZone): Promise<DnsServer> {
  const socket = createSocket('udp4');
  socket.on('message', (query: Buffer, peer: RemoteInfo) => {
    if (query.length < 17) return;
    const { name, end } = readName(query, 12);
    const qtype = query.readUInt16BE(end);
    const question = query.subarray(12, end + 4);
    const entry = zone[name];
    const type = TYPES[qtype];
    const values = entry && type ? (entry[type] ?? []) : [];
    const header = Buffer.alloc(12);
    query.copy(header, 0, 0, 2);
    // QR, opcode 0, RD copied, RA; rcode 3 (NXDOMAIN) for an unknown name.
    header.writeUInt16BE(0x8080 | (query[2] & 0x01 ? 0x0100 : 0) | (entry ? 0 : 3), 2);
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(values.length, 6);
    const answers = values.map((value) => {
      const data = rdata(type, value);
      const rr = Buffer.alloc(12);
      rr.writeUInt16BE(0xc00c, 0);
      rr.writeUInt16BE(qtype, 2);
      rr.writeUInt16BE(1, 4);
      rr.writeUInt32BE(60, 6);
      rr.writeUInt16BE(data.length, 10);
      return Buffer.concat([rr, data]);
    });
    socket.send(Buffer.concat([header, question, ...answers]), peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  return {
    address: `127.0.0.1:${socket.address().port}`,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
