import type { MailAuthentication } from '@contracts';
import { authenticate, type DNSResolver } from 'mailauth';
import { Resolver } from 'node:dns/promises';

/** What the receiving server knew of a message: who connected, and what they said. */
export interface Envelope {
  ip: string;
  helo: string;
  /** MAIL FROM (empty for a bounce). */
  sender: string;
  /** Our own name, for the Authentication-Results the checks compose. */
  mta: string;
}

/** The longest the checks may take before the message is kept with a `temperror` verdict. */
const CHECK_TIMEOUT_MS = 15_000;

/** A resolver on the given servers (`host` or `host:port`), or the system's. */
export function dnsResolver(servers: string[] | undefined): DNSResolver | undefined {
  if (!servers || servers.length === 0) return undefined;
  const resolver = new Resolver({ timeout: 3_000, tries: 2 });
  resolver.setServers(servers);
  return (name, type) => resolver.resolve(name, type) as Promise<string[][] | string[]>;
}

function verdict(result: string | undefined): string {
  return typeof result === 'string' && result !== '' ? result : 'none';
}

/**
 * SPF (the connecting address against MAIL FROM's domain), DKIM (signatures) and DMARC (the
 * From domain's policy over both) of a received message. A failure of any of them marks the
 * message `failed`: the sender may not be who the From line names.
 */
export async function checkMail(
  raw: Buffer,
  envelope: Envelope,
  resolver: DNSResolver | undefined,
): Promise<MailAuthentication> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), CHECK_TIMEOUT_MS);
  });
  try {
    const result = await Promise.race([
      authenticate(raw, {
        ip: envelope.ip.replace(/^::ffff:/, ''),
        helo: envelope.helo,
        sender: envelope.sender,
        mta: envelope.mta,
        resolver,
        disableArc: true,
        disableBimi: true,
      }),
      timeout,
    ]);
    if (!result) return { spf: 'temperror', dkim: 'temperror', dmarc: 'temperror', failed: false };
    const signatures = (result.dkim.results ?? []).map((r) => verdict(r.status?.result));
    const dkim = signatures.includes('pass') ? 'pass' : (signatures[0] ?? 'none');
    const spf = verdict(result.spf ? result.spf.status?.result : undefined);
    const dmarc = verdict(result.dmarc ? result.dmarc.status?.result : undefined);
    return { spf, dkim, dmarc, failed: [spf, dkim, dmarc].includes('fail') };
  } finally {
    clearTimeout(timer);
  }
}
