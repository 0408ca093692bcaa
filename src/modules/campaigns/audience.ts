// Campaign audiences, streamed: keyset chunks of a segment (consent category + tags) or of an uploaded CSV, and the
// CSV upload itself parsed as a stream, so that a million recipients never sit in memory at once.
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { parsePhone } from '../../kernel/phone.ts';
import type { ConsentService } from '../consent/index.ts';
import type { Audience } from './model.ts';
import type { CampaignStore, Recipient } from './store.ts';

/** `cursors[i]` resumes right after `recipients[i]`: a chunk cut short (the budget cap) saves the cursor of its part. */
export type AudienceChunk = { recipients: Recipient[]; cursors: string[]; cursor: string; last: boolean };

/**
 * The audience after `cursor`, one chunk per step. A segment's cursor is the last contact looked at (keyset on
 * wa_id), a CSV's the last line; both survive a restart because the caller persists them with the chunk's sends.
 */
export async function* audienceChunks(
  deps: { store: CampaignStore; consent: Pick<ConsentService, 'viewMany'> },
  c: { id: string; businessId: string; audience: Audience },
  cursor: string | null,
  size: number,
): AsyncGenerator<AudienceChunk> {
  let at = cursor;
  for (;;) {
    if (c.audience.kind === 'csv') {
      const rows = await deps.store.audienceRowsAfter(c.id, at === null ? 0 : Number(at), size);
      const last = rows.length < size;
      at = rows.length > 0 ? String(rows.at(-1)!.line) : (at ?? '0');
      yield {
        recipients: rows.map((r) => r.recipient),
        cursors: rows.map((r) => String(r.line)),
        cursor: at,
        last,
      };
      if (last) return;
      continue;
    }
    const segment = c.audience;
    const contacts = await deps.store.segmentContactsAfter(c.businessId, segment, at, size);
    const last = contacts.length < size;
    // Consent comes from the ledger (one read for the whole chunk): only those opted in to the category are in.
    const views = await deps.consent.viewMany(
      contacts.map((x) => ({ businessId: c.businessId, waId: x.waId })),
    );
    const recipients = contacts
      .filter(
        (_, i) =>
          views[i]!.categories[segment.consentCategory]?.state === 'opted_in' && !views[i]!.suppressed,
      )
      .map((x) => ({
        waId: x.waId,
        fields: {
          name: x.profileName ?? '',
          phone: `+${x.waId}`,
          wa_id: x.waId,
          country: x.country ?? '',
        },
      }));
    at = contacts.length > 0 ? contacts.at(-1)!.waId : (at ?? '');
    // Keyset on wa_id: resuming after a recipient re-reads the contacts between it and the next (filtered again).
    yield { recipients, cursors: recipients.map((r) => r.waId), cursor: at, last };
    if (last) return;
  }
}

export type CsvUploadSummary = {
  accepted: number;
  rejectedCount: number;
  /** The first rejected rows, each with its line and why; the count has them all. */
  rejected: { line: number; code: string; message: string }[];
};

const REPORTED_REJECTIONS = 100;
const CSV_BATCH = 1000;

/**
 * Reads a CSV (a `phone` column, then any parameter columns) from a stream and stores its rows in batches. A row
 * without a valid number is reported with its line and does not stop the upload. Header names are lower-cased so
 * that `{field: "Name"}` and a `name` column meet.
 */
export async function uploadCsvAudience(
  store: CampaignStore,
  campaignId: string,
  input: Readable,
): Promise<CsvUploadSummary> {
  const parser = input.pipe(
    parse({
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      bom: true,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
    }),
  );
  const summary: CsvUploadSummary = { accepted: 0, rejectedCount: 0, rejected: [] };
  let batch: Recipient[] = [];
  let line = 1;
  let nextLine = 1;
  const reject = (code: string, message: string) => {
    summary.rejectedCount++;
    if (summary.rejected.length < REPORTED_REJECTIONS) summary.rejected.push({ line, code, message });
  };
  const flush = async () => {
    if (batch.length === 0) return;
    await store.addAudienceRows(campaignId, batch, nextLine);
    nextLine += batch.length;
    summary.accepted += batch.length;
    batch = [];
  };
  for await (const record of parser as AsyncIterable<Record<string, string>>) {
    line++;
    const raw = record.phone;
    if (raw === undefined) {
      throw new CsvAudienceError('campaign.csv_phone_missing', 'The CSV needs a "phone" column (E.164).');
    }
    const phone = parsePhone(raw);
    if (!phone.ok) {
      reject('campaign.csv_phone_invalid', `phone ${phone.error}: ${JSON.stringify(raw)}`);
      continue;
    }
    const fields: Record<string, string> = {};
    for (const [key, value] of Object.entries(record)) if (key !== 'phone') fields[key] = value ?? '';
    fields.phone = `+${phone.value.waId}`;
    batch.push({ waId: phone.value.waId, fields });
    if (batch.length >= CSV_BATCH) await flush();
  }
  await flush();
  return summary;
}

/** A CSV that cannot be used at all (no phone column, not CSV). */
export class CsvAudienceError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}
