// Template persistence: one row per business, name and language, with Meta's id once submitted.
import type { Database, Db } from '../../adapters/db/index.ts';
import type { GraphTemplateComponent, TemplateCategory } from '../../wire/graph.ts';
import { newId } from '../../kernel/ids.ts';
import type { TemplateEventDraft, TemplatePatch } from './lifecycle.ts';
import type { ParameterFormat, Template } from './model.ts';

type Row = Database['templates'];

const toTemplate = (r: Row): Template => ({
  id: r.id,
  businessId: r.business_id,
  wabaId: r.waba_id,
  name: r.name,
  language: r.language,
  category: r.category as TemplateCategory,
  consentCategory: r.consent_category,
  status: r.status,
  quality: r.quality,
  parameterFormat: r.parameter_format as ParameterFormat,
  components: JSON.parse(r.components) as GraphTemplateComponent[],
  metaTemplateId: r.meta_template_id,
  rejectedReason: r.rejected_reason,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  pausedUntil: r.paused_until,
  pauseCount: r.pause_count,
});

export type TemplateEvent = {
  id: string;
  kind: string;
  from: string | null;
  to: string | null;
  reason: string | null;
  source: string;
  details: Record<string, unknown>;
  occurredAt: number;
};

export function createTemplateStore(db: Db) {
  const k = db.kysely;
  return {
    async insert(t: Template): Promise<void> {
      await k
        .insertInto('templates')
        .values({
          id: t.id,
          business_id: t.businessId,
          waba_id: t.wabaId,
          name: t.name,
          language: t.language,
          category: t.category,
          consent_category: t.consentCategory,
          status: t.status,
          quality: t.quality,
          parameter_format: t.parameterFormat,
          components: JSON.stringify(t.components),
          meta_template_id: t.metaTemplateId,
          rejected_reason: t.rejectedReason,
          created_at: t.createdAt,
          updated_at: t.updatedAt,
          paused_until: t.pausedUntil,
          pause_count: t.pauseCount,
        })
        .execute();
    },
    async get(businessId: string, id: string): Promise<Template | undefined> {
      const r = await k
        .selectFrom('templates')
        .selectAll()
        .where('business_id', '=', businessId)
        .where('id', '=', id)
        .executeTakeFirst();
      return r && toTemplate(r);
    },
    async findByMetaId(businessId: string, metaTemplateId: string): Promise<Template | undefined> {
      const r = await k
        .selectFrom('templates')
        .selectAll()
        .where('business_id', '=', businessId)
        .where('meta_template_id', '=', metaTemplateId)
        .executeTakeFirst();
      return r && toTemplate(r);
    },
    /** Applies a patch and appends its history in one transaction, so a template never changes without a trace. */
    async patch(
      t: Template,
      patch: TemplatePatch,
      events: TemplateEventDraft[],
      source: string,
      now: number,
    ): Promise<void> {
      await k.transaction().execute(async (trx) => {
        if (Object.keys(patch).length > 0) {
          await trx
            .updateTable('templates')
            .set({
              updated_at: now,
              ...(patch.status !== undefined ? { status: patch.status } : {}),
              ...(patch.quality !== undefined ? { quality: patch.quality } : {}),
              ...(patch.category !== undefined ? { category: patch.category } : {}),
              ...(patch.rejectedReason !== undefined ? { rejected_reason: patch.rejectedReason } : {}),
              ...(patch.pausedUntil !== undefined ? { paused_until: patch.pausedUntil } : {}),
              ...(patch.pauseCount !== undefined ? { pause_count: patch.pauseCount } : {}),
              ...(patch.metaTemplateId !== undefined ? { meta_template_id: patch.metaTemplateId } : {}),
            })
            .where('id', '=', t.id)
            .execute();
        }
        if (events.length > 0) {
          await trx
            .insertInto('template_events')
            .values(
              events.map((e) => ({
                id: newId('tpe', now),
                business_id: t.businessId,
                template_id: t.id,
                kind: e.kind,
                from_value: e.from,
                to_value: e.to,
                reason: e.reason,
                source,
                details: JSON.stringify(e.details),
                occurred_at: now,
              })),
            )
            .execute();
        }
      });
    },
    async history(businessId: string, templateId: string): Promise<TemplateEvent[]> {
      const rows = await k
        .selectFrom('template_events')
        .selectAll()
        .where('business_id', '=', businessId)
        .where('template_id', '=', templateId)
        .orderBy('occurred_at')
        .orderBy('id')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        from: r.from_value,
        to: r.to_value,
        reason: r.reason,
        source: r.source,
        details: JSON.parse(r.details) as Record<string, unknown>,
        occurredAt: r.occurred_at,
      }));
    },
    async find(businessId: string, name: string, language: string): Promise<Template | undefined> {
      const r = await k
        .selectFrom('templates')
        .selectAll()
        .where('business_id', '=', businessId)
        .where('name', '=', name)
        .where('language', '=', language)
        .executeTakeFirst();
      return r && toTemplate(r);
    },
    async list(businessId: string): Promise<Template[]> {
      const rows = await k
        .selectFrom('templates')
        .selectAll()
        .where('business_id', '=', businessId)
        .orderBy('name')
        .orderBy('language')
        .execute();
      return rows.map(toTemplate);
    },
    async delete(id: string): Promise<void> {
      await k.deleteFrom('templates').where('id', '=', id).execute();
    },
  };
}

export type TemplateStore = ReturnType<typeof createTemplateStore>;
