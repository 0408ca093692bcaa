// Template persistence: one row per business, name and language, with Meta's id once submitted.
import type { Database, Db } from '../../adapters/db/index.ts';
import type { GraphTemplateComponent, TemplateCategory } from '../../wire/graph.ts';
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
});

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
        })
        .execute();
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
    async update(
      businessId: string,
      where: { id?: string; metaTemplateId?: string; name?: string; language?: string },
      set: Partial<Pick<Template, 'status' | 'quality' | 'category' | 'metaTemplateId' | 'rejectedReason'>>,
      now: number,
    ): Promise<number> {
      let q = k
        .updateTable('templates')
        .set({
          updated_at: now,
          ...(set.status !== undefined ? { status: set.status } : {}),
          ...(set.quality !== undefined ? { quality: set.quality } : {}),
          ...(set.category !== undefined ? { category: set.category } : {}),
          ...(set.metaTemplateId !== undefined ? { meta_template_id: set.metaTemplateId } : {}),
          ...(set.rejectedReason !== undefined ? { rejected_reason: set.rejectedReason } : {}),
        })
        .where('business_id', '=', businessId);
      if (where.id) q = q.where('id', '=', where.id);
      if (where.metaTemplateId) q = q.where('meta_template_id', '=', where.metaTemplateId);
      if (where.name) q = q.where('name', '=', where.name);
      if (where.language) q = q.where('language', '=', where.language);
      const r = await q.executeTakeFirst();
      return Number(r.numUpdatedRows);
    },
    async delete(id: string): Promise<void> {
      await k.deleteFrom('templates').where('id', '=', id).execute();
    },
  };
}

export type TemplateStore = ReturnType<typeof createTemplateStore>;
