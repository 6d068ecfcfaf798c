import { escapeHtml } from '../mail/escape-html';
import type { OutgoingMail } from '../mail/mail.service';

/** The member's copy of their data is ready: where to download it, and until when. */
export function exportReadyMail(
  user: { email: string; name: string },
  expiresAt: Date,
  publicUrl: string,
): OutgoingMail {
  const link = `${publicUrl}/account#your-data`;
  const until = expiresAt.toUTCString();
  return {
    to: user.email,
    subject: 'Your OCVRN data is ready to download',
    text: `Dear ${user.name},\n\nThe copy of your data you asked for is ready. Sign in and download it from your account page:\n\n${link}\n\nThe download works until ${until}; the file is then deleted.\n\nIf you did not ask for this, change your password and tell the contact point.\n\nOCVRN`,
    html: `<p>Dear ${escapeHtml(user.name)},</p><p>The copy of your data you asked for is ready. Sign in and download it from your account page.</p><p><a href="${escapeHtml(link)}">Download your data</a></p><p>The download works until ${escapeHtml(until)}; the file is then deleted.</p><p>If you did not ask for this, change your password and tell the contact point.</p>`,
  };
}
