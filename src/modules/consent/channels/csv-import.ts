// CSV import of opt-ins collected elsewhere: header and row checks (pure), then one ledger append per valid row.
import { parse } from 'csv-parse/sync';
import { isAppError } from '../../../kernel/errors.ts';
import { normalisePhone } from './model.ts';

export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 100_000;

export const requiredColumns = ['phone', 'categories', 'wording', 'occurred_at'] as const;
export const optionalColumns = ['channel', 'language', 'country'] as const;

export type ImportRow = {
  /** The line in the file (the header is line 1). */
  line: number;
  waId: string;
  e164: string;
  categories: string[];
  channel: string;
  wording: string;
  language?: string;
  occurredAt: number;
  evidence: Record<string, string>;
};

export type RowRejection = { line: number; phone: string; code: string; message: string };

export type ParsedImport = { rows: ImportRow[]; rejected: RowRejection[]; total: number };

export class ImportFileError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

/**
 * Parses and checks a whole file before anything is written, so a malformed file writes nothing. Rows are then
 * judged one by one: a row without evidence, with an odd phone number or a bad date is rejected with its reason,
 * and the others go in.
 */
export function parseImport(text: string, now: number): ParsedImport {
  if (Buffer.byteLength(text) > MAX_IMPORT_BYTES)
    throw new ImportFileError(
      'import.too_large',
      `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB.`,
    );
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      skip_empty_lines: true,
      relax_column_count: false,
      trim: true,
      max_record_size: 64 * 1024,
      to: MAX_IMPORT_ROWS + 2,
    }) as string[][];
  } catch (e) {
    throw new ImportFileError('import.csv_malformed', `The file is not valid CSV: ${(e as Error).message}`);
  }
  if (records.length === 0)
    throw new ImportFileError('import.empty', 'The file is empty; it needs a header row.');
  if (records.length > MAX_IMPORT_ROWS + 1)
    throw new ImportFileError(
      'import.too_many_rows',
      `The file has more than ${MAX_IMPORT_ROWS} rows; split it.`,
    );
  const header = records[0]!.map((h) => h.trim().toLowerCase());
  const missing = requiredColumns.filter((c) => !header.includes(c));
  if (missing.length > 0)
    throw new ImportFileError(
      'import.columns_missing',
      `The header lacks the columns: ${missing.join(', ')}.`,
    );
  const evidenceColumns = header.filter((h) => /^evidence_[a-z0-9_]+$/.test(h));
  if (evidenceColumns.length === 0)
    throw new ImportFileError(
      'import.evidence_columns_missing',
      'The header has no evidence_* column (for example evidence_source, evidence_form_id).',
    );
  const unknown = header.filter(
    (h) =>
      !(requiredColumns as readonly string[]).includes(h) &&
      !(optionalColumns as readonly string[]).includes(h) &&
      !evidenceColumns.includes(h),
  );
  if (unknown.length > 0)
    throw new ImportFileError('import.columns_unknown', `Unknown columns: ${unknown.join(', ')}.`);
  if (new Set(header).size !== header.length)
    throw new ImportFileError('import.columns_duplicated', 'A column name appears twice in the header.');

  const rows: ImportRow[] = [];
  const rejected: RowRejection[] = [];
  for (let i = 1; i < records.length; i++) {
    const line = i + 1;
    const cell = (name: string) => records[i]![header.indexOf(name)] ?? '';
    const phoneRaw = cell('phone');
    const reject = (code: string, message: string) => rejected.push({ line, phone: phoneRaw, code, message });
    const phone = normalisePhone(phoneRaw, cell('country') || undefined);
    if (!phone.ok) {
      reject(phone.reason, `The phone number ${JSON.stringify(phoneRaw)} cannot be read as E.164.`);
      continue;
    }
    const categories = cell('categories')
      .split(/[;|,\s]+/)
      .filter(Boolean);
    if (categories.length === 0) {
      reject('categories.missing', 'The row names no category.');
      continue;
    }
    const wording = cell('wording');
    if (wording === '') {
      reject('wording.missing', 'The row has no wording: the exact text the person agreed to.');
      continue;
    }
    const evidence: Record<string, string> = {};
    for (const c of evidenceColumns) {
      const v = cell(c);
      if (v !== '') evidence[c.slice('evidence_'.length)] = v;
    }
    if (Object.keys(evidence).length === 0) {
      reject('evidence.missing', 'The row has no evidence: fill at least one evidence_* column.');
      continue;
    }
    const when = cell('occurred_at');
    // ISO 8601 only: "03/04/2024" means different days in different countries.
    const occurredAt = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(when)
      ? Date.parse(when)
      : NaN;
    if (!Number.isFinite(occurredAt)) {
      reject('occurred_at.invalid', `occurred_at ${JSON.stringify(when)} is not an ISO 8601 date.`);
      continue;
    }
    if (occurredAt > now) {
      reject('occurred_at.future', 'occurred_at is in the future.');
      continue;
    }
    rows.push({
      line,
      waId: phone.waId,
      e164: phone.e164,
      categories,
      channel: cell('channel') || 'import',
      wording,
      ...(cell('language') ? { language: cell('language') } : {}),
      occurredAt,
      evidence,
    });
  }
  return { rows, rejected, total: records.length - 1 };
}

export type ImportSummary = { total: number; imported: number; rejected: RowRejection[]; importId: string };

/**
 * Records the valid rows one by one (each row is its own ledger append: all of it or nothing), turning the ledger's
 * refusals (unknown category, wording that does not name the business or WhatsApp) into per-row reasons.
 */
export async function runImport(
  parsed: ParsedImport,
  record: (row: ImportRow) => Promise<void>,
  importId: string,
  onProgress?: (done: number, total: number) => void,
): Promise<ImportSummary> {
  const rejected = [...parsed.rejected];
  let imported = 0;
  let done = parsed.rejected.length;
  onProgress?.(done, parsed.total);
  for (const row of parsed.rows) {
    try {
      await record(row);
      imported++;
    } catch (e) {
      if (!isAppError(e)) throw e;
      rejected.push({ line: row.line, phone: row.e164, code: e.code, message: e.message });
    }
    onProgress?.(++done, parsed.total);
  }
  rejected.sort((a, b) => a.line - b.line);
  return { total: parsed.total, imported, rejected, importId };
}
