// Paper or in-person opt-ins: the signed form's type told by its magic bytes, its size limit and its SHA-256.
import { createHash } from 'node:crypto';
import { AppError } from '../../../kernel/errors.ts';
import type { ChannelBusiness, ChannelContext } from './context.ts';

export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;

export type DocumentType = 'application/pdf' | 'image/jpeg' | 'image/png';

/**
 * The type a file really is, from its first bytes; the name and the declared Content-Type are not trusted, so that
 * a renamed executable is not stored as "form.pdf".
 */
export function sniffDocumentType(bytes: Uint8Array): DocumentType | undefined {
  const starts = (sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf'; // "%PDF-"
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  return undefined;
}

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

export type DocumentCheck =
  | { ok: true; type: DocumentType; sha256: string }
  | {
      ok: false;
      code: 'consent.document_empty' | 'consent.document_too_large' | 'consent.document_type';
      message: string;
    };

export function checkDocument(bytes: Uint8Array): DocumentCheck {
  if (bytes.length === 0)
    return { ok: false, code: 'consent.document_empty', message: 'The uploaded form is empty.' };
  if (bytes.length > MAX_DOCUMENT_BYTES)
    return {
      ok: false,
      code: 'consent.document_too_large',
      message: `The form is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB.`,
    };
  const type = sniffDocumentType(bytes);
  if (!type)
    return {
      ok: false,
      code: 'consent.document_type',
      message: 'The form must be a PDF, JPEG or PNG file (told by its content, not its name).',
    };
  return { ok: true, type, sha256: sha256Hex(bytes) };
}

export type PaperInput = {
  bytes: Buffer;
  staffId: string;
  categories: string[];
  wording: string;
  language?: string;
  occurredAt?: number;
};

/**
 * Stores the signed form and records the opt-in it proves, by a staff member (actor "agent"). If the ledger refuses
 * the opt-in (say, the wording), the stored form is removed again: nothing half-written.
 */
export async function recordPaper(
  ctx: ChannelContext,
  business: ChannelBusiness,
  waId: string,
  input: PaperInput,
  now: number,
): Promise<{ documentId: string; sha256: string; mimeType: DocumentType; events: number }> {
  const check = checkDocument(input.bytes);
  if (!check.ok) {
    throw new AppError('invalid_input', check.code, check.message);
  }
  const documentId = await ctx.store.addDocument({
    businessId: business.id,
    sha256: check.sha256,
    mimeType: check.type,
    bytes: input.bytes,
    staffId: input.staffId,
    now,
  });
  try {
    const events = await ctx.consent.recordOptIn(
      business,
      waId,
      {
        categories: input.categories,
        channel: 'paper',
        wording: input.wording,
        ...(input.language ? { language: input.language } : {}),
        actor: 'agent',
        evidence: {
          staffId: input.staffId,
          documentId,
          documentSha256: check.sha256,
          documentType: check.type,
          documentSize: input.bytes.length,
        },
        ...(input.occurredAt !== undefined ? { occurredAt: input.occurredAt } : {}),
      },
      now,
    );
    return { documentId, sha256: check.sha256, mimeType: check.type, events: events.length };
  } catch (e) {
    await ctx.store.deleteDocument(documentId);
    throw e;
  }
}
