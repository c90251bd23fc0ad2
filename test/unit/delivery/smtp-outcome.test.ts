import { describe, expect, it } from 'vitest';
import { classifySmtpFailure } from '../../../services/delivery/smtp-outcome.js';

describe('classifySmtpFailure', () => {
  it('treats a server reply as proof the message was not taken, 5xx as permanent', () => {
    expect(classifySmtpFailure({ code: 'EENVELOPE', command: 'RCPT TO', responseCode: 451 }, true)).toEqual({ kind: 'not-accepted', permanent: false });
    expect(classifySmtpFailure({ code: 'EMESSAGE', command: 'DATA', responseCode: 554 }, true)).toEqual({ kind: 'not-accepted', permanent: true });
  });

  it('knows a message never fully streamed cannot have been accepted', () => {
    expect(classifySmtpFailure({ code: 'ESOCKET', command: 'CONN' }, false)).toEqual({ kind: 'not-accepted', permanent: false });
  });

  it('calls a lost connection after the whole message was streamed ambiguous', () => {
    expect(classifySmtpFailure({ code: 'ECONNECTION', command: 'CONN' }, true)).toEqual({ kind: 'ambiguous' });
    expect(classifySmtpFailure({ code: 'ETIMEDOUT' }, true)).toEqual({ kind: 'ambiguous' });
    expect(classifySmtpFailure(new Error('boom'), true)).toEqual({ kind: 'ambiguous' });
  });

  it('treats auth and envelope errors without a reply as pre-DATA', () => {
    expect(classifySmtpFailure({ code: 'EAUTH', command: 'AUTH PLAIN' }, true)).toEqual({ kind: 'not-accepted', permanent: false });
  });
});
