// Keyword text is compared after folding case, accents, punctuation and emoji away.
import { describe, expect, it } from 'vitest';
import { normaliseIntent } from './text.ts';

describe('normaliseIntent', () => {
  it('lower-cases and drops trailing punctuation', () => {
    expect(normaliseIntent('STOP!!')).toBe('stop');
    expect(normaliseIntent('Stop.')).toBe('stop');
    expect(normaliseIntent('Medewerker!!')).toBe('medewerker');
  });
  it('removes accents', () => {
    expect(normaliseIntent('Arrêter')).toBe('arreter');
    expect(normaliseIntent('não quero mais')).toBe('nao quero mais');
  });
  it('turns punctuation and emoji between words into one space and trims', () => {
    expect(normaliseIntent('  stop,   all 🙏 ')).toBe('stop all');
    expect(normaliseIntent("s'il vous plaît")).toBe('s il vous plait');
  });
  it('keeps digits and non-Latin letters', () => {
    expect(normaliseIntent('Option 2')).toBe('option 2');
    expect(normaliseIntent('Стоп')).toBe('стоп');
  });
  it('is empty for a message of only punctuation or emoji', () => {
    expect(normaliseIntent('!!! 👍')).toBe('');
  });
});
