// Persistence of the opt-in channels: pending prompts, signed paper forms, the SMS log and per-business settings.
import type { Db } from '../../../adapters/db/index.ts';
import { isUniqueViolation } from '../../../adapters/db/index.ts';
import { newId } from '../../../kernel/ids.ts';

/** The tables of migration 0004; declared here so that this module owns them (Kysely's withTables). */
type ChannelTables = {
  consent_prompts: {
    id: string;
    business_id: string;
    wa_id: string;
    kind: string;
    code: string | null;
    categories: string;
    wording: string;
    language: string | null;
    evidence: string;
    created_at: number;
    expires_at: number;
    answered_at: number | null;
  };
  consent_documents: {
    id: string;
    business_id: string;
    sha256: string;
    mime_type: string;
    size: number;
    bytes: Buffer;
    staff_id: string;
    created_at: number;
  };
  sms_messages: {
    id: string;
    business_id: string;
    direction: string;
    provider_id: string;
    number: string;
    text: string;
    created_at: number;
  };
};

/** `opt_out_question`: the question sent when the opt-out classifier was unsure (understanding). */
export type PromptKind = 'in_thread' | 'sms' | 'web_confirmation' | 'opt_out_question';

export type Prompt = {
  id: string;
  businessId: string;
  waId: string;
  kind: PromptKind;
  code: string | null;
  categories: string[];
  wording: string;
  language: string | null;
  evidence: Record<string, unknown>;
  createdAt: number;
  expiresAt: number;
  answeredAt: number | null;
};

/** What a business set for its channels; every field has a default (see channelSettingsOf). */
export type ChannelSettings = {
  /** Where the hosted page's privacy link points; default: the page's own short notice. */
  privacyUrl: string | null;
  /** Website opt-ins are confirmed on WhatsApp by the person writing a code (docs/channels.md). */
  doubleOptIn: boolean;
  /** Opt-in keywords (a whole message, any case) and the categories each one asks for; empty list = all. */
  keywords: Record<string, string[]>;
};

export const defaultChannelSettings: ChannelSettings = {
  privacyUrl: null,
  doubleOptIn: false,
  keywords: { JOIN: [], SUBSCRIBE: [], AANMELDEN: [], ANMELDEN: [] },
};

const toPrompt = (r: ChannelTables['consent_prompts']): Prompt => ({
  id: r.id,
  businessId: r.business_id,
  waId: r.wa_id,
  kind: r.kind as PromptKind,
  code: r.code,
  categories: JSON.parse(r.categories) as string[],
  wording: r.wording,
  language: r.language,
  evidence: JSON.parse(r.evidence) as Record<string, unknown>,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  answeredAt: r.answered_at,
});

export function createChannelStore(db: Db) {
  const k = db.kysely.withTables<ChannelTables>();
  const settingsKey = (businessId: string) => `consent.channels.${businessId}`;

  return {
    async settings(businessId: string): Promise<ChannelSettings> {
      const r = await k
        .selectFrom('settings')
        .select('value')
        .where('key', '=', settingsKey(businessId))
        .executeTakeFirst();
      return r
        ? { ...defaultChannelSettings, ...(JSON.parse(r.value) as Partial<ChannelSettings>) }
        : defaultChannelSettings;
    },
    async saveSettings(businessId: string, s: ChannelSettings): Promise<void> {
      const value = JSON.stringify(s);
      await k
        .insertInto('settings')
        .values({ key: settingsKey(businessId), value })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
        .execute();
    },

    async addPrompt(p: Omit<Prompt, 'id' | 'answeredAt'>): Promise<Prompt> {
      const row = {
        id: newId('cpr', p.createdAt),
        business_id: p.businessId,
        wa_id: p.waId,
        kind: p.kind,
        code: p.code,
        categories: JSON.stringify(p.categories),
        wording: p.wording,
        language: p.language,
        evidence: JSON.stringify(p.evidence),
        created_at: p.createdAt,
        expires_at: p.expiresAt,
        answered_at: null,
      };
      await k.insertInto('consent_prompts').values(row).execute();
      return toPrompt(row);
    },
    /** The newest open prompt of a kind for a contact that asks for the category (any category when null). */
    async openPrompt(
      businessId: string,
      waId: string,
      kind: PromptKind,
      category: string | null,
      now: number,
    ): Promise<Prompt | undefined> {
      const rows = await k
        .selectFrom('consent_prompts')
        .selectAll()
        .where('business_id', '=', businessId)
        .where('wa_id', '=', waId)
        .where('kind', '=', kind)
        .where('expires_at', '>', now)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(20)
        .execute();
      return rows.map(toPrompt).find((p) => category === null || p.categories.includes(category));
    },
    async promptByCode(businessId: string, code: string, now: number): Promise<Prompt | undefined> {
      const r = await k
        .selectFrom('consent_prompts')
        .selectAll()
        .where('business_id', '=', businessId)
        .where('code', '=', code)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return r && toPrompt(r);
    },
    /** Marks a prompt answered; false when another worker answered it first (the answer is recorded once). */
    async answer(id: string, now: number): Promise<boolean> {
      const r = await k
        .updateTable('consent_prompts')
        .set({ answered_at: now })
        .where('id', '=', id)
        .where('answered_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    async addDocument(d: {
      businessId: string;
      sha256: string;
      mimeType: string;
      bytes: Buffer;
      staffId: string;
      now: number;
    }): Promise<string> {
      const id = newId('doc', d.now);
      await k
        .insertInto('consent_documents')
        .values({
          id,
          business_id: d.businessId,
          sha256: d.sha256,
          mime_type: d.mimeType,
          size: d.bytes.length,
          bytes: d.bytes,
          staff_id: d.staffId,
          created_at: d.now,
        })
        .execute();
      return id;
    },
    async document(businessId: string, id: string) {
      const r = await k
        .selectFrom('consent_documents')
        .selectAll()
        .where('business_id', '=', businessId)
        .where('id', '=', id)
        .executeTakeFirst();
      return (
        r && {
          id: r.id,
          sha256: r.sha256,
          mimeType: r.mime_type,
          size: Number(r.size),
          bytes: Buffer.from(r.bytes),
        }
      );
    },

    /** Logs an SMS once per provider id; false when it was logged before (a provider's retry). */
    async logSms(m: {
      businessId: string;
      direction: 'in' | 'out' | 'call';
      providerId: string;
      number: string;
      text: string;
      now: number;
    }): Promise<boolean> {
      try {
        await k
          .insertInto('sms_messages')
          .values({
            id: newId('sms', m.now),
            business_id: m.businessId,
            direction: m.direction,
            provider_id: m.providerId,
            number: m.number,
            text: m.text,
            created_at: m.now,
          })
          .execute();
        return true;
      } catch (e) {
        if (isUniqueViolation(e)) return false;
        throw e;
      }
    },
    async forgetSms(businessId: string, direction: string, providerId: string): Promise<void> {
      await k
        .deleteFrom('sms_messages')
        .where('business_id', '=', businessId)
        .where('direction', '=', direction)
        .where('provider_id', '=', providerId)
        .execute();
    },
    async deleteDocument(id: string): Promise<void> {
      await k.deleteFrom('consent_documents').where('id', '=', id).execute();
    },
  };
}

export type ChannelStore = ReturnType<typeof createChannelStore>;
