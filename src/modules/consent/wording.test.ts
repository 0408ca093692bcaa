// The opt-in wording check in EN, NL and DE (and FR, ES, PT, IT), with problems in the wording's language.
import { describe, expect, it } from 'vitest';
import { checkOptInWording, detectLanguage } from './wording.ts';

describe('checkOptInWording', () => {
  it('accepts wording that names the business and WhatsApp', () => {
    expect(checkOptInWording('Yes, Acme Coffee may send me updates on WhatsApp.', 'Acme Coffee')).toEqual([]);
    expect(checkOptInWording('Ja, Acme Coffee mag mij WhatsApp-berichten sturen.', 'Acme Coffee')).toEqual(
      [],
    );
    expect(
      checkOptInWording('Ich möchte von Acme Coffee Nachrichten über WhatsApp erhalten.', 'Acme Coffee'),
    ).toEqual([]);
  });
  it('points out the missing part in the language of the wording', () => {
    expect(checkOptInWording('Ja, ik wil berichten ontvangen via WhatsApp.', 'Acme Coffee')).toEqual([
      expect.objectContaining({
        code: 'business_name_missing',
        part: 'business_name',
        language: 'nl',
        message: expect.stringContaining('naam van het bedrijf'),
      }),
    ]);
    expect(
      checkOptInWording('Ich möchte Nachrichten von Acme Coffee per SMS erhalten.', 'Acme Coffee'),
    ).toEqual([
      expect.objectContaining({
        code: 'whatsapp_missing',
        language: 'de',
        message: expect.stringContaining('über WhatsApp'),
      }),
    ]);
  });
  it('uses the given language over the detected one', () => {
    expect(checkOptInWording('Send me stuff', 'Acme', 'nl-NL').map((p) => p.language)).toEqual(['nl', 'nl']);
  });
});

describe('detectLanguage', () => {
  it('tells the opt-in languages apart', () => {
    expect(detectLanguage('I want to receive messages from you')).toBe('en');
    expect(detectLanguage('Ik wil graag berichten ontvangen van de winkel')).toBe('nl');
    expect(detectLanguage('Ich möchte Nachrichten erhalten und bin einverstanden')).toBe('de');
  });
});
