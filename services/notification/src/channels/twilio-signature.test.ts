import { describe, expect, it } from 'vitest';
import { twilioSignature, verifyTwilioSignature } from './twilio-signature.js';

// The worked example of Twilio's request-validation documentation.
const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const params = new Map([
  ['CallSid', 'CA1234567890ABCDE'],
  ['Caller', '+12349013030'],
  ['Digits', '1234'],
  ['From', '+12349013030'],
  ['To', '+18005551212'],
]);

describe('Twilio request signature', () => {
  it("matches Twilio's documented example", () => {
    expect(twilioSignature('12345', url, params)).toBe('0/KCTR6DLpKmkAf8muzZqo1nDgQ=');
  });

  it('sorts parameters by name, whatever order they came in', () => {
    const shuffled = new Map([...params].reverse());
    expect(verifyTwilioSignature('12345', url, shuffled, '0/KCTR6DLpKmkAf8muzZqo1nDgQ=')).toBe(
      true,
    );
  });

  it('refuses a changed parameter, another URL, another token or no signature', () => {
    const sig = '0/KCTR6DLpKmkAf8muzZqo1nDgQ=';
    const changed = new Map(params).set('Digits', '1235');
    expect(verifyTwilioSignature('12345', url, changed, sig)).toBe(false);
    expect(verifyTwilioSignature('12345', `${url}&x=1`, params, sig)).toBe(false);
    expect(verifyTwilioSignature('54321', url, params, sig)).toBe(false);
    expect(verifyTwilioSignature('12345', url, params, undefined)).toBe(false);
    expect(verifyTwilioSignature(undefined, url, params, sig)).toBe(false);
  });
});
