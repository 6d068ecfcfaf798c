import type { OutgoingMail } from '../mail/mail.service';
import { escapeHtml } from '../mail/escape-html';

/**
 * Subjects carry the reference for the reader; a reply by mail finds its thread by the thread's
 * own Reply-To address or the Message-ID it answers, never by the subject.
 */
export function tagged(reference: string, subject: string): string {
  return subject.includes(`[${reference}]`) ? subject : `[${reference}] ${subject}`;
}

function mail(
  to: string,
  subject: string,
  paragraphs: string[],
  headers: Record<string, string>,
): OutgoingMail {
  return {
    to,
    subject,
    text: `${paragraphs.join('\n\n')}\n`,
    html: paragraphs.map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`).join('\n'),
    headers,
  };
}

export function acknowledgement(options: {
  to: string;
  name: string;
  reference: string;
  subject: string;
  trackingUrl: string;
  contactAddress: string;
  messageId: string;
}): OutgoingMail {
  return mail(
    options.to,
    tagged(options.reference, `We have your message: ${options.subject}`),
    [
      `Dear ${options.name},`,
      `Thank you for writing to the OCVRN contact point. Your reference is ${options.reference}.`,
      `Follow the conversation and reply here (keep this link to yourself):\n${options.trackingUrl}`,
      `You can also reply to this email.`,
      '— The OCVRN contact point',
    ],
    { 'Message-ID': options.messageId, 'Reply-To': options.contactAddress },
  );
}

export function officerReply(options: {
  to: string;
  reference: string;
  subject: string;
  officerName: string;
  body: string;
  trackingUrl: string;
  contactAddress: string;
  messageId: string;
  inReplyTo: string | null;
}): OutgoingMail {
  const headers: Record<string, string> = {
    'Message-ID': options.messageId,
    'Reply-To': options.contactAddress,
  };
  if (options.inReplyTo) {
    headers['In-Reply-To'] = options.inReplyTo;
    headers.References = options.inReplyTo;
  }
  return mail(
    options.to,
    tagged(options.reference, `Re: ${options.subject}`),
    [
      options.body,
      `${options.officerName}, OCVRN contact point`,
      `Reply to this email, or follow the whole conversation here (keep this link to yourself):\n${options.trackingUrl}`,
    ],
    headers,
  );
}
