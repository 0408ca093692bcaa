// Meta's pricing markets: the recipient's country (from its calling code, via libphonenumber-js) to a rate-card row.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * Countries that are a market of their own on Meta's per-message rate card (meta-rules.md#markets: "about 25 individual
 * countries"). The names are the ones Meta's rate-card CSV uses in its Market column.
 */
const ownMarkets: Record<string, string> = {
  AR: 'Argentina',
  BR: 'Brazil',
  CL: 'Chile',
  CO: 'Colombia',
  EG: 'Egypt',
  FR: 'France',
  DE: 'Germany',
  IN: 'India',
  ID: 'Indonesia',
  IL: 'Israel',
  IT: 'Italy',
  MY: 'Malaysia',
  MX: 'Mexico',
  NL: 'Netherlands',
  NG: 'Nigeria',
  PK: 'Pakistan',
  PE: 'Peru',
  RU: 'Russia',
  SA: 'Saudi Arabia',
  ZA: 'South Africa',
  ES: 'Spain',
  TR: 'Turkey',
  AE: 'United Arab Emirates',
  GB: 'United Kingdom',
  // Meta prices by calling code: +44 numbers of the Crown Dependencies are priced as the United Kingdom.
  GG: 'United Kingdom',
  JE: 'United Kingdom',
  IM: 'United Kingdom',
  US: 'North America',
  CA: 'North America',
};

/**
 * Regional markets. Rest of Western Europe is listed in docs/meta-rules.md#markets; the other regions' membership follows
 * Meta's rate-card notes as commonly reproduced by BSPs and is not exhaustive: a country missing here falls to
 * "Other", which an imported rate card prices like Meta does.
 */
const regions: Record<string, readonly string[]> = {
  'Rest of Western Europe': ['AT', 'BE', 'DK', 'FI', 'IE', 'NO', 'PT', 'SE', 'CH', 'GR', 'IS', 'LU'],
  'Rest of Central & Eastern Europe': [
    'PL',
    'CZ',
    'HU',
    'RO',
    'BG',
    'HR',
    'SK',
    'SI',
    'RS',
    'UA',
    'LT',
    'LV',
    'EE',
  ],
  'Rest of Latin America': [
    'BO',
    'CR',
    'DO',
    'EC',
    'SV',
    'GT',
    'HN',
    'JM',
    'NI',
    'PA',
    'PY',
    'PR',
    'UY',
    'VE',
  ],
  'Rest of Asia Pacific': [
    'AU',
    'NZ',
    'JP',
    'KR',
    'SG',
    'TH',
    'VN',
    'PH',
    'HK',
    'TW',
    'BD',
    'LK',
    'NP',
    'KH',
  ],
  'Rest of Middle East': ['BH', 'IQ', 'JO', 'KW', 'LB', 'OM', 'QA', 'YE'],
  'Rest of Africa': ['DZ', 'AO', 'GH', 'KE', 'MA', 'TN', 'TZ', 'UG', 'ZM', 'ZW', 'ET', 'SN', 'CM', 'CI'],
};

const regionOf = new Map<string, string>(
  Object.entries(regions).flatMap(([market, countries]) => countries.map((c) => [c, market] as const)),
);

export const OTHER_MARKET = 'Other';

/** The market of an ISO country code (upper case). */
export function marketOfCountry(country: string | undefined | null): string {
  if (!country) return OTHER_MARKET;
  return ownMarkets[country] ?? regionOf.get(country) ?? OTHER_MARKET;
}

/** The recipient's country (ISO) from a wa_id or E.164 number, or undefined when the number does not parse. */
export function countryOf(waIdOrE164: string): string | undefined {
  const candidate = waIdOrE164.startsWith('+') ? waIdOrE164 : `+${waIdOrE164}`;
  return parsePhoneNumberFromString(candidate)?.country;
}

/** Normalises a market name from a CSV (case and spacing) to the canonical spelling when we know it. */
const knownMarkets = new Map(
  [...new Set([...Object.values(ownMarkets), ...Object.keys(regions), OTHER_MARKET])].map((m) => [
    canonical(m),
    m,
  ]),
);
function canonical(name: string): string {
  return name
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^a-z]+/g, ' ')
    .trim();
}
export function normaliseMarket(name: string): string | undefined {
  return knownMarkets.get(canonical(name));
}
