import { escapeHtml } from '../mail/escape-html';
import type { OutgoingMail } from '../mail/mail.service';

interface Recipient {
  email: string;
  name: string;
}

function mail(
  to: string,
  subject: string,
  paragraphs: string[],
  link?: { href: string; label: string },
): OutgoingMail {
  const text = [...paragraphs, ...(link ? [link.href] : []), 'OCVRN'].join('\n\n');
  const html = [
    ...paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    ...(link ? [`<p><a href="${escapeHtml(link.href)}">${escapeHtml(link.label)}</a></p>`] : []),
  ].join('');
  return { to, subject, text, html };
}

export function verifyEmailMail(
  u: Pick<Recipient, 'name'>,
  email: string,
  link: string,
): OutgoingMail {
  return mail(
    email,
    'Confirm your email address for OCVRN',
    [
      `Dear ${u.name},`,
      'Please confirm that this is your email address by following the link below. It works once, for 24 hours.',
      'If you did not ask to join the Organised Crime Virtual Research Network or change your address, ignore this message: nothing happens without the link.',
    ],
    { href: link, label: 'Confirm my email address' },
  );
}

export function resetPasswordMail(u: Recipient, link: string): OutgoingMail {
  return mail(
    u.email,
    'Reset your OCVRN password',
    [
      `Dear ${u.name},`,
      'Someone (we hope you) asked to reset the password of your OCVRN account. The link below works once, for 30 minutes.',
      'If it was not you, ignore this message: your password stays as it is.',
    ],
    { href: link, label: 'Choose a new password' },
  );
}

export function passwordChangedMail(
  u: Recipient,
  how: 'reset' | 'changed',
  publicUrl: string,
): OutgoingMail {
  return mail(u.email, 'Your OCVRN password was changed', [
    `Dear ${u.name},`,
    how === 'reset'
      ? 'The password of your OCVRN account was reset through an emailed link, and every session was signed out.'
      : 'The password of your OCVRN account was changed, and every other session was signed out.',
    `If this was not you, reset your password at once (${publicUrl}/forgot-password) and tell the contact point.`,
  ]);
}

export function emailChangedMail(u: Recipient, oldEmail: string, newEmail: string): OutgoingMail {
  return mail(oldEmail, 'Your OCVRN email address is changing', [
    `Dear ${u.name},`,
    `Someone signed in to your OCVRN account asked to change its email address to ${newEmail}. The change takes effect when the new address is confirmed.`,
    'If this was not you, reset your password at once and tell the contact point.',
  ]);
}

export function securityChangedMail(u: Recipient, what: string): OutgoingMail {
  return mail(u.email, 'A security setting of your OCVRN account changed', [
    `Dear ${u.name},`,
    `${what}.`,
    'If this was not you, reset your password at once and tell the contact point.',
  ]);
}
