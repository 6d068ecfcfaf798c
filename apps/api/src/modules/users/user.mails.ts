import { escapeHtml } from '../mail/escape-html';
import type { OutgoingMail } from '../mail/mail.service';
import type { UserEntity } from './user.entity';

export function applicationApprovedMail(u: UserEntity, publicUrl: string): OutgoingMail {
  const link = `${publicUrl}/sign-in`;
  return {
    to: u.email,
    subject: 'Your OCVRN application has been approved',
    text: `Dear ${u.name},\n\nYour application to join the Organised Crime Virtual Research Network has been approved. You can now sign in and use the member directory, the library, events and the newsletter archive.\n\n${link}\n\nOCVRN`,
    html: `<p>Dear ${escapeHtml(u.name)},</p><p>Your application to join the Organised Crime Virtual Research Network has been approved. You can now sign in and use the member directory, the library, events and the newsletter archive.</p><p><a href="${escapeHtml(link)}">Sign in to OCVRN</a></p>`,
  };
}

export function applicationRejectedMail(u: UserEntity, reason: string): OutgoingMail {
  return {
    to: u.email,
    subject: 'Your OCVRN application',
    text: `Dear ${u.name},\n\nThank you for applying to join the Organised Crime Virtual Research Network. We are not able to accept your application:\n\n${reason}\n\nIf you think this is a mistake, reply through the contact point.\n\nOCVRN`,
    html: `<p>Dear ${escapeHtml(u.name)},</p><p>Thank you for applying to join the Organised Crime Virtual Research Network. We are not able to accept your application:</p><blockquote>${escapeHtml(reason).replace(/\n/g, '<br>')}</blockquote><p>If you think this is a mistake, reply through the contact point.</p>`,
  };
}
