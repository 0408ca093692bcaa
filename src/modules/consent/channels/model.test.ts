// Unit tests of the channels' pure rules: wording, keywords, replies, numbers, documents, CSV rows, rate limits.
import { describe, expect, it } from 'vitest';
import { checkOptInWording } from '../index.ts';
import { parseImport, type ImportFileError } from './csv-import.ts';
import {
  channelLanguages,
  inThreadQuestion,
  matchConfirmation,
  matchOptInKeyword,
  normalisePhone,
  parseConsentReply,
  slugOf,
  smsQuestion,
  websiteWording,
} from './model.ts';
import { checkDocument, MAX_DOCUMENT_BYTES } from './paper.ts';
import { createRateLimiter } from './rate-limit.ts';

describe('channel wording', () => {
  it('passes the ledger wording check in every language, for every channel', () => {
    for (const lang of channelLanguages) {
      for (const w of [
        websiteWording('Bäckerei Müller', ['offers'], lang),
        inThreadQuestion('Bäckerei Müller', 'order_updates', lang),
        smsQuestion('Bäckerei Müller', ['offers'], lang),
      ])
        expect(checkOptInWording(w, 'Bäckerei Müller', lang)).toEqual([]);
    }
  });
});

describe('keywords and replies', () => {
  const keywords = { JOIN: [], AANMELDEN: ['offers'] };
  it('matches a whole message, not a substring', () => {
    expect(matchOptInKeyword(' join! ', keywords)?.keyword).toBe('JOIN');
    expect(matchOptInKeyword('Aanmelden', keywords)?.categories).toEqual(['offers']);
    expect(matchOptInKeyword("I won't join", keywords)).toBeUndefined();
  });
  it('reads confirmation codes and consent button ids', () => {
    expect(matchConfirmation('confirm k7qx2m')).toBe('K7QX2M');
    expect(matchConfirmation('confirm this please')).toBeUndefined();
    expect(parseConsentReply('consent:offers:yes')).toEqual({ category: 'offers', answer: 'yes' });
    expect(parseConsentReply('consent:offers:maybe')).toBeUndefined();
  });
  it('makes slugs from business names', () => expect(slugOf('Café Ümlaut & Co.')).toBe('cafe-umlaut-co'));
});

describe('normalisePhone', () => {
  it.each([
    ['+31 6 1234 5678', '+31612345678'],
    ['0031 (0)6-1234-5678', '+31612345678'],
    ['tel:+49.151.2345.6789', '+4915123456789'],
  ])('reads %s', (raw, e164) => expect(normalisePhone(raw)).toMatchObject({ ok: true, e164 }));
  it('needs a country for national numbers, and rejects letters and nonsense', () => {
    expect(normalisePhone('06 1234 5678')).toEqual({ ok: false, reason: 'phone.country_code_missing' });
    expect(normalisePhone('06 1234 5678', 'NL')).toMatchObject({ ok: true, e164: '+31612345678' });
    expect(normalisePhone('call me')).toEqual({ ok: false, reason: 'phone.invalid' });
    expect(normalisePhone('+1 2')).toEqual({ ok: false, reason: 'phone.invalid' });
    expect(normalisePhone('')).toEqual({ ok: false, reason: 'phone.missing' });
  });
});

describe('checkDocument', () => {
  it('tells the type by magic bytes and refuses others, empty and oversized files', () => {
    expect(checkDocument(Buffer.from('%PDF-1.7\n'))).toMatchObject({ ok: true, type: 'application/pdf' });
    expect(checkDocument(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toMatchObject({
      ok: true,
      type: 'image/jpeg',
    });
    expect(checkDocument(Buffer.from('GIF89a'))).toMatchObject({ ok: false, code: 'consent.document_type' });
    expect(checkDocument(Buffer.alloc(0))).toMatchObject({ ok: false, code: 'consent.document_empty' });
    const big = Buffer.alloc(MAX_DOCUMENT_BYTES + 1);
    big.write('%PDF-');
    expect(checkDocument(big)).toMatchObject({ ok: false, code: 'consent.document_too_large' });
  });
});

describe('parseImport', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  const header = 'phone,categories,wording,occurred_at,evidence_source';
  it('rejects rows one by one with their reason', () => {
    const r = parseImport(
      [
        header,
        '+31612345678,offers,w,2024-01-01,shop',
        '+31612345679,offers,w,2024-01-01,',
        '+31612345670,offers,w,2030-01-01,x',
      ].join('\n'),
      now,
    );
    expect(r.rows.map((x) => x.e164)).toEqual(['+31612345678']);
    expect(r.rejected.map((x) => [x.line, x.code])).toEqual([
      [3, 'evidence.missing'],
      [4, 'occurred_at.future'],
    ]);
  });
  it('refuses whole files that are malformed, lack columns or evidence columns', () => {
    const code = (text: string) => {
      try {
        parseImport(text, now);
        return 'ok';
      } catch (e) {
        return (e as ImportFileError).code;
      }
    };
    expect(code('phone,categories\n"open')).toBe('import.csv_malformed');
    expect(code('phone,categories\n+31612345678,offers')).toBe('import.columns_missing');
    expect(code('phone,categories,wording,occurred_at\n')).toBe('import.evidence_columns_missing');
    expect(code('')).toBe('import.empty');
    expect(code(`${header},surprise\n`)).toBe('import.columns_unknown');
  });
});

describe('createRateLimiter', () => {
  it('allows the capacity at once, then refills over time', () => {
    const l = createRateLimiter({ capacity: 2, perMinute: 60 });
    expect(l.take('a', 0).ok).toBe(true);
    expect(l.take('a', 0).ok).toBe(true);
    expect(l.take('a', 0)).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(l.take('b', 0).ok).toBe(true);
    expect(l.take('a', 1000).ok).toBe(true);
  });
});
