// Text normalisation shared by the keyword matchers (opt-out, handoff, bot triggers and options).

/**
 * Lower case, accents and punctuation/emoji removed, whitespace collapsed: "STOP!!", "Stop." become "stop" and
 * "Medewerker!!" becomes "medewerker", so a keyword matches however the customer typed it.
 */
export function normaliseIntent(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
