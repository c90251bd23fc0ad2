import { describe, expect, it } from 'vitest';
import { buildMimeMessage, deliveryMessageId, mailboxAddress } from '../../../services/delivery/mime-message.js';

describe('buildMimeMessage', () => {
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
  const message = buildMimeMessage({
    from: 'Seams <reports@seams.test>',
    to: 'ada@acme.test',
    messageId: deliveryMessageId(12, '2026-W12', 'seams.test'),
    email: {
      subject: 'Checkout: Green',
      html: '<img src="cid:chart@seams">',
      text: 'Checkout is green',
      attachments: [{ cid: 'chart@seams', filename: 'chart.png', content: png, contentType: 'image/png' }],
    },
    unsubscribeUrl: 'https://seams.test/unsubscribe?token=12.abc',
    unsubscribeMailbox: 'reports@seams.test',
  });

  it('uses the deterministic Message-ID of the outbox row', () => {
    expect(message.messageId).toBe('<seams.12.2026-W12@seams.test>');
  });

  it('sets RFC 8058 one-click headers with an https and a mailto target', () => {
    expect(message.headers).toMatchObject({
      'List-Unsubscribe': '<https://seams.test/unsubscribe?token=12.abc>, <mailto:reports@seams.test?subject=unsubscribe%2012.abc>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
  });

  it('carries html, text and inline CID attachments', () => {
    expect(message.html).toBe('<img src="cid:chart@seams">');
    expect(message.text).toBe('Checkout is green');
    expect(message.attachments).toEqual([
      { cid: 'chart@seams', filename: 'chart.png', content: png, contentType: 'image/png', contentDisposition: 'inline' },
    ]);
  });

  it('extracts the bare mailbox from a display-name address', () => {
    expect(mailboxAddress('Seams <reports@seams.test>')).toBe('reports@seams.test');
    expect(mailboxAddress('reports@seams.test')).toBe('reports@seams.test');
  });
});
