// 0005: the business profile's vertical, which Meta's commerce policy is checked against.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('businesses').addColumn('vertical', 'text').execute();
}
