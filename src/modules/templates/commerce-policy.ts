// Business verticals and Meta's Commerce Policy: prohibited goods offered for sale, and what pharmacies and clinics may say.
//
// Why (docs/meta-rules.md#commerce-policy): WhatsApp prohibits buying and selling firearms, alcohol, tobacco, drugs,
// medical and healthcare products, live animals, real/virtual/fake currency, adult products, real-money
// gambling, dating services and payday-style lending "irrespective of licenses". Alcohol, OTC medication
// and gambling businesses may message in listed countries, but buying, selling or payment for those goods
// stays prohibited. Templates are reviewed against this (meta-rules.md#template-format content rules), and violations lead to the
// enforcement ladder (meta-rules.md#enforcement), so we flag them before anything is sent.
//
// How: a prohibited item is flagged when its sentence also carries a sales cue (buy, order, price, in stock,
// "te koop", "bestellen", a currency amount...). "Your prescription is ready for pickup" or "join our wine
// tasting" carry no sales cue and pass; "order your medication now" does not. A vertical that is itself
// prohibited (firearms, tobacco, adult, dating, drugs, payday lending) gets one finding for the vertical.
import {
  NUM,
  compileRules,
  languagesFor,
  matchRules,
  normaliseForMatching,
  originalSpan,
  sentencesOf,
  type DetectorLanguage,
  type PhraseRule,
} from '../understanding/index.ts';

export const businessVerticals = [
  'retail',
  'food',
  'restaurant',
  'grocery',
  'pharmacy',
  'clinic',
  'health_wellness',
  'beauty',
  'travel',
  'hospitality',
  'automotive',
  'education',
  'entertainment',
  'events',
  'professional_services',
  'financial_services',
  'insurance',
  'real_estate',
  'telecom',
  'utilities',
  'government',
  'non_profit',
  'alcohol',
  'gambling',
  'tobacco',
  'firearms',
  'drugs',
  'adult',
  'dating',
  'payday_lending',
  'other',
] as const;
export type BusinessVertical = (typeof businessVerticals)[number];

/** Meta's enforcement violation types (meta-rules.md#commerce-policy, `account_update.violation_info.violation_type`) we can detect in text. */
export type CommerceViolation =
  | 'WEAPONS'
  | 'DRUGS'
  | 'TOBACCO'
  | 'ALCOHOL'
  | 'ADULT'
  | 'GAMBLING'
  | 'HEALTHCARE'
  | 'SUPPLEMENTS'
  | 'ANIMALS'
  | 'REAL_FAKE_CURRENCY'
  | 'DATING'
  | 'MISLEADING';

export type VerticalStatus = 'allowed' | 'services_only' | 'regulated' | 'prohibited';

/**
 * What a vertical may do on WhatsApp: `services_only` may offer appointments and consultations but not sell
 * medicines or devices; `regulated` may message in listed countries only and never sell (meta-rules.md#commerce-policy).
 */
export function verticalPolicy(vertical: BusinessVertical): {
  status: VerticalStatus;
  violation?: CommerceViolation;
} {
  switch (vertical) {
    case 'pharmacy':
    case 'clinic':
      return { status: 'services_only', violation: 'HEALTHCARE' };
    case 'alcohol':
      return { status: 'regulated', violation: 'ALCOHOL' };
    case 'gambling':
      return { status: 'regulated', violation: 'GAMBLING' };
    case 'tobacco':
      return { status: 'prohibited', violation: 'TOBACCO' };
    case 'firearms':
      return { status: 'prohibited', violation: 'WEAPONS' };
    case 'drugs':
      return { status: 'prohibited', violation: 'DRUGS' };
    case 'adult':
      return { status: 'prohibited', violation: 'ADULT' };
    case 'dating':
      return { status: 'prohibited', violation: 'DATING' };
    case 'payday_lending':
      return { status: 'prohibited', violation: 'MISLEADING' };
    default:
      return { status: 'allowed' };
  }
}

export type CommerceFinding = {
  kind: CommerceViolation;
  /** The offending words, or the vertical's name for a vertical-level finding. */
  phrase: string;
  /** Where the phrase starts in the text; -1 for a vertical-level finding. */
  index: number;
  message: string;
};

const ALL = ['en', 'nl', 'de'] as const;
const EN = ['en'] as const;
const NL = ['nl'] as const;
const DE = ['de'] as const;

const goods: PhraseRule<CommerceViolation>[] = [
  {
    kind: 'WEAPONS',
    languages: EN,
    pattern: 'guns?|firearms?|rifles?|pistols?|revolvers?|shotguns?|ammunition|ammo|handguns?',
  },
  { kind: 'WEAPONS', languages: NL, pattern: 'vuurwapens?|geweren|geweer|pistolen|pistool|munitie' },
  { kind: 'WEAPONS', languages: DE, pattern: '(?:schuss)?waffen?|gewehre?|pistolen?|revolver|munition' },
  {
    kind: 'DRUGS',
    languages: ALL,
    pattern:
      'cannabis|marijuana|marihuana|weed|cocaine|kokain|cocaine|mdma|ecstasy|xtc|thc|lsd|ketamine?|wiet|hasj|edibles',
  },
  {
    kind: 'TOBACCO',
    languages: EN,
    pattern: 'cigarettes?|cigars?|tobacco|vapes?|vaping|e-cigarettes?|e-liquids?|snus|shisha',
  },
  { kind: 'TOBACCO', languages: NL, pattern: 'sigaretten|sigaret|sigaren|sigaar|tabak|vapes?|e-sigaretten?' },
  {
    kind: 'TOBACCO',
    languages: DE,
    pattern: 'zigaretten|zigarette|zigarren|zigarre|tabak|e-zigaretten?|liquids?',
  },
  {
    kind: 'ALCOHOL',
    languages: EN,
    pattern:
      'wines?|beers?|whiske?y|vodka|gin|rum|tequila|liquor|spirits|champagne|prosecco|alcohol|alcoholic drinks?|cider',
  },
  {
    kind: 'ALCOHOL',
    languages: NL,
    pattern:
      'wijn(?:en)?|\\p{L}*wijnen|bier(?:en)?|sterke drank|alcohol|jenever|champagne|prosecco|whisky|wodka',
  },
  {
    kind: 'ALCOHOL',
    languages: DE,
    pattern: '\\p{L}*weine?|biere?|schnaps|spirituosen|alkohol|sekt|champagner|wodka|whisky|likor',
  },
  {
    kind: 'ADULT',
    languages: ALL,
    pattern:
      'sex ?toys?|adult toys|escorts?|porn\\p{L}*|erotic|erotiek|erotik|seksspeeltjes|sexspielzeug|vibrators?',
  },
  {
    kind: 'GAMBLING',
    languages: EN,
    pattern: 'casino|betting|bets?|poker|slots?|jackpot|roulette|sportsbook',
  },
  { kind: 'GAMBLING', languages: NL, pattern: 'casino|gokken|weddenschap(?:pen)?|inzet|jackpot|poker|loten' },
  {
    kind: 'GAMBLING',
    languages: DE,
    pattern: 'casino|glucksspiel|sportwetten|wetten|jackpot|poker|spielautomaten?',
  },
  {
    kind: 'HEALTHCARE',
    languages: EN,
    pattern:
      'medicines?|medications?|prescription (?:drugs|medicines?|medications?)|pills|tablets|antibiotics|painkillers|ibuprofen|paracetamol|insulin|viagra|hearing aids?|contact lenses|blood pressure monitors?|medical devices?|self[- ]tests?|covid tests?',
  },
  {
    kind: 'HEALTHCARE',
    languages: NL,
    pattern:
      'geneesmiddel(?:en)?|medicijn(?:en)?|medicatie|pillen|tabletten|antibiotica|pijnstillers?|paracetamol|ibuprofen|insuline|hoortoestel(?:len)?|contactlenzen|bloeddrukmeters?|zelftests?|medische hulpmiddelen',
  },
  {
    kind: 'HEALTHCARE',
    languages: DE,
    pattern:
      'arzneimittel[n]?|medikament(?:e|en)?|tabletten|antibiotika|schmerzmittel|paracetamol|ibuprofen|insulin|horgerate?|kontaktlinsen|blutdruckmessgerate?|medizinprodukte?|selbsttests?',
  },
  {
    kind: 'SUPPLEMENTS',
    languages: EN,
    pattern: '(?:dietary |weight[- ]loss |diet )?supplements|diet pills|weight[- ]loss pills|fat burners?',
  },
  {
    kind: 'SUPPLEMENTS',
    languages: NL,
    pattern: 'supplementen|voedingssupplementen|afslankpillen|vetverbranders?',
  },
  { kind: 'SUPPLEMENTS', languages: DE, pattern: 'nahrungserganzungsmittel|abnehmpillen|fettverbrenner' },
  { kind: 'ANIMALS', languages: EN, pattern: 'puppies|kittens|live animals|pets for sale|exotic animals' },
  { kind: 'ANIMALS', languages: NL, pattern: "puppy'?s|kittens|levende dieren|pups" },
  { kind: 'ANIMALS', languages: DE, pattern: 'welpen|katzchen|lebende tiere' },
  {
    kind: 'REAL_FAKE_CURRENCY',
    languages: ALL,
    pattern:
      'crypto(?:currenc(?:y|ies)|munten|wahrung(?:en)?)?|bitcoins?|ico|binary options|binaire opties|binare optionen|forex signals?|fake (?:money|bills)|nepgeld|falschgeld',
  },
  {
    kind: 'DATING',
    languages: ALL,
    pattern: 'dating|meet singles|datingsite|singlebors\\p{L}*|partnersuche',
  },
  {
    kind: 'MISLEADING',
    languages: EN,
    pattern:
      'payday loans?|cash advances?|paycheck advances?|bail bonds?|debt collection|mlm|multi[- ]level marketing|get rich quick',
  },
  {
    kind: 'MISLEADING',
    languages: NL,
    pattern: 'flitskrediet(?:en)?|flitslening(?:en)?|snel geld lenen|incasso(?:bureau)?',
  },
  {
    kind: 'MISLEADING',
    languages: DE,
    pattern: 'sofortkredit(?:e)?|minikredit(?:e)?|kredit ohne schufa|inkasso(?:buro)?',
  },
];

const sales: PhraseRule<'sale'>[] = [
  {
    kind: 'sale',
    languages: EN,
    pattern:
      'buy|purchase|order(?:ed|s)?|shop|for sale|sell(?:s|ing)?|price[sd]?|in stock|deliver(?:y|ed)?|add to (?:cart|basket)|discount|% off|available now|on sale',
  },
  {
    kind: 'sale',
    languages: NL,
    pattern:
      'koop|kopen|bestel(?:len)?|bestelling|shop|te koop|verkoop|verkopen|prijs|prijzen|op voorraad|bezorg(?:en|d)?|levering|aanbieding|korting|nu verkrijgbaar',
  },
  {
    kind: 'sale',
    languages: DE,
    pattern:
      'kaufen|kauf|bestellen|bestellung|shop|zu verkaufen|verkauf(?:en)?|preis(?:e)?|vorratig|lieferung|liefern|angebot|rabatt|jetzt erhaltlich',
  },
  { kind: 'sale', languages: ALL, pattern: `(?:€|\\$|£|eur|usd) ?${NUM}|${NUM} ?(?:€|\\$|£|eur|euro)` },
];

const compiledGoods = compileRules(goods);
const compiledSales = compileRules(sales);

const messages: Record<CommerceViolation, string> = {
  WEAPONS: 'Selling firearms or ammunition is prohibited on WhatsApp.',
  DRUGS: 'Selling drugs is prohibited on WhatsApp.',
  TOBACCO: 'Selling tobacco or vaping products is prohibited on WhatsApp.',
  ALCOHOL: 'Selling alcohol is prohibited on WhatsApp, even for licensed alcohol businesses.',
  ADULT: 'Adult products and services are prohibited on WhatsApp.',
  GAMBLING:
    "Real-money gambling needs Meta's written permission and a listed country; taking bets or payments through WhatsApp is prohibited.",
  HEALTHCARE:
    'Selling medicines or medical devices is prohibited on WhatsApp; pharmacies and clinics may offer services such as appointments and consultations.',
  SUPPLEMENTS: 'Selling ingestible supplements is restricted on WhatsApp.',
  ANIMALS: 'Selling live animals is prohibited on WhatsApp.',
  REAL_FAKE_CURRENCY:
    'Selling real, virtual or fake currency (including crypto and binary options) is prohibited on WhatsApp.',
  DATING: 'Dating services are prohibited on WhatsApp.',
  MISLEADING:
    'Payday loans, debt collection, bail bonds and multi-level marketing are prohibited on WhatsApp.',
};

/**
 * Commerce-policy findings for a text sent by a business of the given vertical. Pure; never throws.
 * Without `language` every language's words are tried.
 */
export function checkCommercePolicy(
  text: string,
  vertical: BusinessVertical,
  language?: DetectorLanguage,
): CommerceFinding[] {
  const findings: CommerceFinding[] = [];
  const policy = verticalPolicy(vertical);
  if (policy.status === 'prohibited' && policy.violation) {
    findings.push({
      kind: policy.violation,
      phrase: vertical,
      index: -1,
      message: `Businesses in the ${vertical} vertical may not use WhatsApp Business (Commerce Policy). ${messages[policy.violation]}`,
    });
  }
  if (typeof text !== 'string' || text === '') return findings;
  const n = normaliseForMatching(text);
  const langs = languagesFor(language);
  for (const s of sentencesOf(n.text)) {
    const body = n.text.slice(s.start, s.end);
    const items = matchRules(body, compiledGoods, langs);
    if (items.length === 0 || matchRules(body, compiledSales, langs).length === 0) continue;
    for (const item of items) {
      if (findings.some((f) => f.kind === item.kind && f.index >= 0)) continue;
      findings.push({
        kind: item.kind,
        ...originalSpan(text, n, s.start + item.start, s.start + item.end),
        message:
          item.kind === 'HEALTHCARE' && policy.status === 'services_only'
            ? `A ${vertical} may offer appointments and consultations on WhatsApp but not sell medicines or medical devices.`
            : messages[item.kind],
      });
      if (findings.length >= 20) return findings;
    }
  }
  return findings;
}
