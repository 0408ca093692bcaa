// The sensitive-data request detector: requests are found, warnings, partial identifiers and our own IBAN are not (meta-rules.md#sensitive-data).
import { describe, expect, it } from 'vitest';
import { detectSensitiveDataRequest, explainSensitiveData } from './sensitive-data.ts';

describe('detectSensitiveDataRequest', () => {
  it.each([
    ['en', 'Please send us your full card number.', 'card_number'],
    ['en', 'Reply with the CVC on the back of your card.', 'cvv'],
    ['en', 'Please share your account number and sort code.', 'bank_account'],
    ['en', 'Please provide your IBAN for the refund.', 'iban'],
    ['en', 'What is your social security number?', 'national_id'],
    ['en', 'Please upload a copy of your passport.', 'id_document'],
    ['en', 'Reply with your password to continue.', 'password'],
    ['en', 'Send us your PIN to unblock the card.', 'pin'],
    ['en', 'Please reply with the verification code we sent you.', 'one_time_code'],
    ['nl', 'Wil je je BSN doorgeven?', 'national_id'],
    ['nl', 'Stuur ons je rekeningnummer voor de terugbetaling.', 'bank_account'],
    ['nl', 'Geef ons de pincode van je pas.', 'pin'],
    ['de', 'Bitte nennen Sie uns Ihre Steuer-ID.', 'national_id'],
    ['de', 'Schicken Sie uns ein Foto Ihres Personalausweises.', 'id_document'],
    ['de', 'Wie lautet Ihre Kontonummer?', 'bank_account'],
  ] as const)('[%s] %s → %s', (language, text, kind) => {
    const v = detectSensitiveDataRequest(text, language);
    expect(v.found).toBe(true);
    expect(v.findings.map((f) => f.kind)).toContain(kind);
  });

  it.each([
    ['en', 'We will never ask for your PIN or password.'],
    // The in-thread opt-in question for account_security: the business offers to send codes, it asks for none.
    ['en', 'May Acme Coffee send you messages on WhatsApp about: Login and security codes?'],
    ['en', 'Please reply with the last 4 digits of your card number.'],
    ['en', 'Please transfer {{1}} to IBAN NL91ABNA0417164300.'],
    ['en', 'Please pay to our IBAN, quoting invoice {{1}}.'],
    ['en', 'Please quote your account number {{1}} when you call.'],
    ['en', '{{1}} is your verification code. Do not share it.'],
    ['en', 'Please enter your PIN at the terminal when you collect the parcel.'],
    ['en', 'Your password was changed on {{1}}.'],
    ['nl', 'Wat zijn de laatste 4 cijfers van je rekeningnummer?'],
    ['nl', 'Deel je verificatiecode met niemand.'],
    ['de', 'Bitte geben Sie Ihre PIN niemals weiter.'],
    ['de', 'Bitte geben Sie Ihre Kreditkartendaten nicht weiter.'],
  ] as const)('is not a request: [%s] %s', (language, text) => {
    expect(detectSensitiveDataRequest(text, language)).toEqual({ found: false, findings: [] });
  });

  it('points into the original text, accents and all', () => {
    const text = 'Bitte senden Sie uns den Bestätigungscode aus der SMS.';
    const [f] = detectSensitiveDataRequest(text, 'de').findings;
    expect(f).toEqual({
      kind: 'one_time_code',
      phrase: 'Bestätigungscode',
      index: text.indexOf('Bestätigungscode'),
    });
  });

  it('tries every language without a hint, and never throws', () => {
    expect(detectSensitiveDataRequest('Stuur ons je wachtwoord.').found).toBe(true);
    expect(detectSensitiveDataRequest('').found).toBe(false);
    expect(detectSensitiveDataRequest(undefined as unknown as string).found).toBe(false);
    expect(detectSensitiveDataRequest('please '.repeat(100_000) + 'send your PIN').found).toBe(false);
  });

  it('explains itself', () => {
    expect(explainSensitiveData(detectSensitiveDataRequest('Please send your IBAN.'))).toMatch(
      /an IBAN \("IBAN"\)/,
    );
  });
});
