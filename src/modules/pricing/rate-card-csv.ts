// Parses Meta's rate-card CSVs (base rates per market, or volume tiers) into Rates, reporting bad rows one by one.
import { parse } from 'csv-parse/sync';
import { normaliseMarket } from './markets.ts';
import { rateCategories, type RateCategory, type RateTier, type Rates } from './model.ts';

export const MAX_RATE_CARD_BYTES = 2 * 1024 * 1024;

export type RowProblem = { line: number; code: string; message: string };

export type ParsedRateCard = { currency: string; rates: Rates; imported: number; rejected: RowProblem[] };

export class RateCardFileError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

const norm = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z]+/g, ' ')
    .trim();

/** Column headings of Meta's base rate card, by their normalised text. */
const categoryColumns: Record<string, RateCategory> = {
  marketing: 'marketing',
  utility: 'utility',
  authentication: 'authentication',
  'authentication international': 'authentication_international',
  'authentication intl': 'authentication_international',
  service: 'service',
};

function categoryOf(text: string): RateCategory | undefined {
  const n = norm(text);
  return categoryColumns[n] ?? rateCategories.find((c) => norm(c) === n);
}

/** "$0.0625", "0,0625 €", "0.0625" -> 0.0625; "n/a", "-" and empty -> null (no rate); anything else -> NaN. */
function price(text: string): number | null {
  const t = text.trim();
  if (t === '' || /^(n\/?a|-|–|not available)$/i.test(t)) return null;
  const cleaned = t.replace(/[$€£₹\s]|[A-Z]{3}/g, '').replace(/,(?=\d+$)/, '.');
  if (!/^\d+(\.\d+)?$/.test(cleaned)) return Number.NaN;
  return Number(cleaned);
}

/** "1:100000", "1-100,000", "25000001:50000000", "100001+", "100001:" -> a tier; otherwise undefined. */
function tierRange(text: string): { from: number; to: number | null } | undefined {
  const t = text.replace(/[\s,]/g, '');
  const m = /^(\d+)(?:[:\-–](\d+)?|\+)?$/.exec(t);
  if (!m) return undefined;
  const from = Number(m[1]);
  const to = m[2] !== undefined ? Number(m[2]) : t.length > m[1]!.length ? null : from;
  if (to !== null && to < from) return undefined;
  // Meta's tier strings start at 0 or 1 for the first tier; both mean the first message of the month.
  return { from: Math.max(1, from), to };
}

/**
 * Two layouts are accepted, each with a header row (title lines above it are skipped):
 * - base rates: Market, Currency, Marketing, Utility, Authentication[, Authentication-International][, Service];
 * - volume tiers: Market, Currency, Category, Tier, Rate (one row per tier, e.g. "1:100000").
 * The whole file is parsed before anything is stored; a bad row is reported with its line and the rest go in.
 */
export function parseRateCardCsv(text: string): ParsedRateCard {
  if (Buffer.byteLength(text) > MAX_RATE_CARD_BYTES)
    throw new RateCardFileError('rate_card.too_large', 'The file is larger than 2 MB.');
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as string[][];
  } catch (e) {
    throw new RateCardFileError(
      'rate_card.csv_malformed',
      `The file is not valid CSV: ${(e as Error).message}`,
    );
  }
  const headerAt = records.findIndex((r) => r.some((c) => norm(c) === 'market'));
  if (headerAt < 0)
    throw new RateCardFileError(
      'rate_card.header_invalid',
      'No header row with a "Market" column was found.',
    );
  const header = records[headerAt]!.map(norm);
  const col = (name: string) => header.indexOf(name);
  const marketCol = col('market');
  const currencyCol = col('currency');
  const tiered = col('tier') >= 0 && col('rate') >= 0 && col('category') >= 0;
  const priceCols = tiered
    ? []
    : records[headerAt]!.flatMap((h, i) => {
        const c = categoryOf(h);
        return c ? [{ i, c }] : [];
      });
  if (!tiered && priceCols.length === 0)
    throw new RateCardFileError(
      'rate_card.header_invalid',
      'The header needs price columns (Marketing, Utility, Authentication, ...) or Category, Tier and Rate.',
    );

  const rates: Rates = {};
  const rejected: RowProblem[] = [];
  const currencies = new Set<string>();
  let imported = 0;
  const tiersSeen = new Map<string, RateTier[]>();
  for (let r = headerAt + 1; r < records.length; r++) {
    const rec = records[r]!;
    const line = r + 1;
    const reject = (code: string, message: string) => rejected.push({ line, code, message });
    const rawMarket = rec[marketCol] ?? '';
    if (rec.every((c) => c === '')) continue;
    const market = normaliseMarket(rawMarket);
    if (!market) {
      reject('rate_card.market_unknown', `Unknown market "${rawMarket}".`);
      continue;
    }
    const currency = currencyCol >= 0 ? (rec[currencyCol] ?? '').toUpperCase() : 'USD';
    if (!/^[A-Z]{3}$/.test(currency)) {
      reject('rate_card.currency_invalid', `Currency "${currency}" is not an ISO 4217 code.`);
      continue;
    }
    if (tiered) {
      const category = categoryOf(rec[col('category')] ?? '');
      if (!category) {
        reject('rate_card.category_unknown', `Unknown category "${rec[col('category')] ?? ''}".`);
        continue;
      }
      const range = tierRange(rec[col('tier')] ?? '');
      if (!range) {
        reject(
          'rate_card.tier_invalid',
          `Tier "${rec[col('tier')] ?? ''}" is not a range like 1:100000 or 100001+.`,
        );
        continue;
      }
      const p = price(rec[col('rate')] ?? '');
      if (p === null || Number.isNaN(p)) {
        reject('rate_card.rate_invalid', `Rate "${rec[col('rate')] ?? ''}" is not a price.`);
        continue;
      }
      const key = `${market}|${category}`;
      const tiers = tiersSeen.get(key) ?? [];
      if (tiers.some((t) => range.from <= (t.to ?? Infinity) && t.from <= (range.to ?? Infinity))) {
        reject(
          'rate_card.tier_overlap',
          `Tier ${rec[col('tier')]} overlaps another tier of ${market} ${category}.`,
        );
        continue;
      }
      tiers.push({ ...range, micros: Math.round(p * 1_000_000) });
      tiersSeen.set(key, tiers);
      (rates[market] ??= {})[category] = [...tiers].sort((a, b) => a.from - b.from);
    } else {
      const row: Partial<Record<RateCategory, RateTier[]>> = {};
      let bad: string | undefined;
      for (const { i, c } of priceCols) {
        const p = price(rec[i] ?? '');
        if (p === null) continue;
        if (Number.isNaN(p)) {
          bad = `${records[headerAt]![i]} "${rec[i]}" is not a price.`;
          break;
        }
        row[c] = [{ from: 1, to: null, micros: Math.round(p * 1_000_000) }];
      }
      if (bad) {
        reject('rate_card.rate_invalid', bad);
        continue;
      }
      if (Object.keys(row).length === 0) {
        reject('rate_card.rate_missing', `No price for ${market}.`);
        continue;
      }
      rates[market] = { ...rates[market], ...row };
    }
    currencies.add(currency);
    imported++;
  }
  if (currencies.size > 1)
    throw new RateCardFileError(
      'rate_card.currency_mixed',
      `A rate card has one currency; this file has ${[...currencies].join(', ')}.`,
    );
  return { currency: [...currencies][0] ?? 'USD', rates, imported, rejected };
}
