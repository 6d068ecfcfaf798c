import type { OutgoingMail } from '../mail/mail.service';
import { escapeHtml } from './render';

export interface IssueForMail {
  id: string;
  title: string;
  summary: string;
  body: string;
  html: string;
}

export interface MailLinks {
  publicUrl: string;
  /** The subscriber's unsubscribe token. */
  token: string;
}

/**
 * One subscriber's copy of an issue: HTML and plain-text parts, and RFC 2369 / RFC 8058
 * one-click unsubscribe headers. Only the unsubscribe token differs between copies.
 */
export function newsletterMail(issue: IssueForMail, to: string, links: MailLinks): OutgoingMail {
  const { publicUrl, token } = links;
  const online = `${publicUrl}/newsletters/${issue.id}`;
  const oneClick = `${publicUrl}/api/newsletters/unsubscribe?token=${encodeURIComponent(token)}`;
  const unsubscribePage = `${publicUrl}/newsletters/unsubscribe?token=${encodeURIComponent(token)}`;
  const settings = `${publicUrl}/newsletters/subscription`;
  const host = new URL(publicUrl).hostname || 'localhost';
  const text = [
    issue.title,
    '='.repeat(Math.min(issue.title.length, 72)),
    '',
    ...(issue.summary ? [issue.summary, ''] : []),
    issue.body,
    '',
    '--',
    `Read online: ${online}`,
    `Choose which issues you get: ${settings}`,
    `Unsubscribe: ${unsubscribePage}`,
    '',
  ].join('\n');
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escapeHtml(issue.title)}</title></head>
<body style="margin:0;padding:0;background:#f3f2f1;font-family:Arial,sans-serif;color:#0b0c0c">
<div style="max-width:640px;margin:0 auto;padding:24px;background:#ffffff">
<p style="margin:0 0 16px;font-size:14px;color:#505a5f">Organised Crime Virtual Research Network newsletter ·
<a href="${escapeHtml(online)}" style="color:#1d70b8">Read online</a></p>
<h1 style="font-size:28px;line-height:1.2;margin:0 0 16px">${escapeHtml(issue.title)}</h1>
${issue.summary ? `<p style="font-size:19px;line-height:1.4">${escapeHtml(issue.summary)}</p>` : ''}
<div style="font-size:16px;line-height:1.5">${issue.html}</div>
<hr style="border:0;border-top:1px solid #b1b4b6;margin:32px 0 16px">
<p style="font-size:14px;color:#505a5f">You get this because you subscribed to the OCVRN newsletter.
<a href="${escapeHtml(settings)}" style="color:#1d70b8">Choose which issues you get</a> or
<a href="${escapeHtml(unsubscribePage)}" style="color:#1d70b8">unsubscribe</a>.</p>
</div></body></html>`;
  return {
    to,
    subject: issue.title,
    text,
    html,
    headers: {
      'List-Id': `OCVRN newsletter <newsletter.${host}>`,
      'List-Unsubscribe': `<${oneClick}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      Precedence: 'bulk',
      'Auto-Submitted': 'auto-generated',
    },
  };
}
