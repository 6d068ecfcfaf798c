import { escapeHtml } from '../mail/escape-html';
import type { OutgoingMail } from '../mail/mail.service';

const dateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

export interface InvitationMailParts {
  email: string;
  token: string;
  inviterName: string;
  message: string | undefined;
  expiresAt: Date;
}

/** The invitation: the only place the raw token ever appears. */
export function invitationMail(p: InvitationMailParts, publicUrl: string): OutgoingMail {
  const link = `${publicUrl}/join?invitation=${p.token}`;
  const until = dateFormat.format(p.expiresAt);
  const intro = `${p.inviterName} has invited you to join the Organised Crime Virtual Research Network (OCVRN), where academics, government researchers, law enforcement, industry and international partners working on organised crime find each other and share their work.`;
  const quoted = p.message ? `\n\nTheir message:\n\n${p.message}` : '';
  return {
    to: p.email,
    subject: 'You are invited to join OCVRN',
    text: `${intro}${quoted}\n\nCreate your account with this link (it works until ${until}):\n\n${link}\n\nYour account will be ready at once: there is no application to wait for.\n\nOCVRN`,
    html: `<p>${escapeHtml(intro)}</p>${
      p.message
        ? `<p>Their message:</p><blockquote>${escapeHtml(p.message).replace(/\n/g, '<br>')}</blockquote>`
        : ''
    }<p><a href="${escapeHtml(link)}">Create your OCVRN account</a> (the link works until ${escapeHtml(until)}).</p><p>Your account will be ready at once: there is no application to wait for.</p>`,
  };
}
