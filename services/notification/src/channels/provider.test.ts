import { describe, expect, it } from 'vitest';
import { asDeliveryError, DeliveryError } from './provider.js';

describe('stored delivery errors', () => {
  it('carry no email address, phone number or credential a provider echoed', () => {
    const smtp = new DeliveryError('550 5.1.1 <buyer@acme.example>: no such user', false);
    expect(smtp.message).toBe('550 5.1.1 <[email]>: no such user');
    const twilio = asDeliveryError(new Error("The 'To' number +15550100199 is not a valid number"));
    expect(twilio.message).toBe("The 'To' number [phone] is not a valid number");
    expect(twilio.retriable).toBe(true);
  });
});
