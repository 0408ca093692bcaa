// Splitting a webhook delivery into durable items, each with a key that makes redelivery harmless.
import { createHash } from 'node:crypto';
import type { WebhookEnvelope } from '../../wire/webhook.ts';

export type WebhookItem = {
  field: string;
  entryId: string;
  phoneNumberId: string | null;
  dedupeKey: string;
  /** The item as Meta sent it, with its envelope context; fields we do not model are kept as they came. */
  payload: {
    object: string;
    entry: { id: string; time?: number };
    field: string;
    value: Record<string, unknown>;
  };
};

const sha = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 32);

export type SplitResult = { ok: true; items: WebhookItem[] } | { ok: false; problem: string };

/**
 * One item per inbound message and per status (Meta batches up to 1000 updates per POST, meta-rules.md#webhook-delivery), one per other
 * change. Keys: a message by number and wamid, a status by number, wamid and status (the same status twice changes nothing), anything
 * else by the hash of its content and entry time.
 */
export function splitDelivery(body: unknown): SplitResult {
  const env = body as WebhookEnvelope;
  if (!env || typeof env !== 'object' || !Array.isArray(env.entry))
    return { ok: false, problem: 'no entry list' };
  const items: WebhookItem[] = [];
  const object = typeof env.object === 'string' ? env.object : 'unknown';
  for (const entry of env.entry) {
    if (!entry || typeof entry !== 'object' || !Array.isArray(entry.changes))
      return { ok: false, problem: 'an entry has no changes list' };
    const entryId = String(entry.id ?? '');
    const entryCtx = entry.time !== undefined ? { id: entryId, time: entry.time } : { id: entryId };
    for (const change of entry.changes) {
      if (
        !change ||
        typeof change !== 'object' ||
        typeof change.field !== 'string' ||
        !change.value ||
        typeof change.value !== 'object'
      ) {
        return { ok: false, problem: 'a change has no field or value' };
      }
      const value = change.value;
      const metadata = value.metadata as { phone_number_id?: string } | undefined;
      const phoneNumberId = metadata?.phone_number_id ?? null;
      const base = { object, entry: entryCtx, field: change.field };
      const messages = Array.isArray(value.messages) ? (value.messages as { id?: string }[]) : [];
      const statuses = Array.isArray(value.statuses)
        ? (value.statuses as { id?: string; status?: string; timestamp?: string }[])
        : [];
      const rest = { ...value };
      delete rest.messages;
      delete rest.statuses;
      for (const m of messages) {
        const key = m.id ? `msg:${phoneNumberId ?? entryId}:${m.id}` : `msg-hash:${sha(JSON.stringify(m))}`;
        items.push({
          field: change.field,
          entryId,
          phoneNumberId,
          dedupeKey: `${change.field}:${key}`,
          payload: { ...base, value: { ...rest, messages: [m] } },
        });
      }
      for (const s of statuses) {
        const key =
          s.id && s.status
            ? `st:${phoneNumberId ?? entryId}:${s.id}:${s.status}`
            : `st-hash:${sha(JSON.stringify(s))}`;
        items.push({
          field: change.field,
          entryId,
          phoneNumberId,
          dedupeKey: `${change.field}:${key}`,
          payload: { ...base, value: { ...rest, statuses: [s] } },
        });
      }
      if (messages.length === 0 && statuses.length === 0) {
        const key = `${change.field}:${entryId}:${entry.time ?? ''}:${sha(JSON.stringify(value))}`;
        items.push({
          field: change.field,
          entryId,
          phoneNumberId,
          dedupeKey: key,
          payload: { ...base, value },
        });
      }
    }
  }
  return { ok: true, items };
}
