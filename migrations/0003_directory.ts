// The stakeholder directory: organisations, people, affiliations, organisation editors and claims.
// Frozen in time: never import application code here.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('organizations')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('space_id', 'varchar(36)', (c) => c.notNull().references('spaces.id'))
    .addColumn('external_id', 'varchar(100)')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_sort', 'varchar(200)', (c) => c.notNull())
    .addColumn('type', 'varchar(20)', (c) => c.notNull())
    .addColumn('domains', 'text', (c) => c.notNull())
    .addColumn('functions', 'text', (c) => c.notNull())
    .addColumn('region_code', 'varchar(8)')
    .addColumn('address', 'text')
    .addColumn('latitude', 'double precision')
    .addColumn('longitude', 'double precision')
    .addColumn('contacts', 'text', (c) => c.notNull())
    .addColumn('languages', 'text', (c) => c.notNull())
    .addColumn('founded_year', 'integer')
    .addColumn('size_band', 'varchar(16)')
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('logo_sha256', 'varchar(64)')
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('verified_at', 'varchar(30)')
    .addColumn('verified_by', 'varchar(36)')
    .addColumn('merged_into', 'varchar(36)')
    .addColumn('created_by', 'varchar(36)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addUniqueConstraint('organizations_external_uq', ['space_id', 'external_id'])
    .execute();
  await db.schema.createIndex('organizations_space_idx').on('organizations').columns(['space_id', 'status', 'name_sort']).execute();
  await db.schema.createIndex('organizations_region_idx').on('organizations').columns(['space_id', 'region_code']).execute();

  await db.schema
    .createTable('people')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('space_id', 'varchar(36)', (c) => c.notNull().references('spaces.id'))
    .addColumn('external_id', 'varchar(100)')
    .addColumn('user_id', 'varchar(36)', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_sort', 'varchar(200)', (c) => c.notNull())
    .addColumn('professions', 'text', (c) => c.notNull())
    .addColumn('domains', 'text', (c) => c.notNull())
    .addColumn('skills', 'text', (c) => c.notNull())
    .addColumn('region_code', 'varchar(8)')
    .addColumn('bio', 'text', (c) => c.notNull())
    .addColumn('portfolio', 'text', (c) => c.notNull())
    .addColumn('photo_sha256', 'varchar(64)')
    .addColumn('contacts', 'text', (c) => c.notNull())
    .addColumn('languages', 'text', (c) => c.notNull())
    .addColumn('sex', 'varchar(16)')
    .addColumn('age_band', 'varchar(16)')
    .addColumn('demographics_consent_at', 'varchar(30)')
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('verified_at', 'varchar(30)')
    .addColumn('verified_by', 'varchar(36)')
    .addColumn('merged_into', 'varchar(36)')
    .addColumn('created_by', 'varchar(36)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addUniqueConstraint('people_external_uq', ['space_id', 'external_id'])
    .execute();
  await db.schema.createIndex('people_space_idx').on('people').columns(['space_id', 'status', 'name_sort']).execute();
  await db.schema.createIndex('people_user_idx').on('people').column('user_id').execute();

  await db.schema
    .createTable('affiliations')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('person_id', 'varchar(36)', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('organization_id', 'varchar(36)', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('role', 'varchar(200)')
    .addColumn('start_date', 'varchar(10)')
    .addColumn('end_date', 'varchar(10)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('affiliations_person_idx').on('affiliations').column('person_id').execute();
  await db.schema.createIndex('affiliations_org_idx').on('affiliations').column('organization_id').execute();

  await db.schema
    .createTable('organization_editors')
    .addColumn('organization_id', 'varchar(36)', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addPrimaryKeyConstraint('organization_editors_pk', ['organization_id', 'user_id'])
    .execute();
  await db.schema.createIndex('organization_editors_user_idx').on('organization_editors').column('user_id').execute();

  await db.schema
    .createTable('organization_claims')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('organization_id', 'varchar(36)', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('message', 'text')
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('decided_by', 'varchar(36)')
    .addColumn('decided_at', 'varchar(30)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  // Normalised contacts (email, phone digits, website host) of organisations and people, so a
  // likely duplicate sharing one is found by index, whatever the spelling of its name.
  await db.schema
    .createTable('contact_keys')
    .addColumn('entity_type', 'varchar(30)', (c) => c.notNull())
    .addColumn('entity_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('space_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('key', 'varchar(330)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('contact_keys_lookup_idx').on('contact_keys').columns(['space_id', 'key']).execute();
  await db.schema.createIndex('contact_keys_entity_idx').on('contact_keys').columns(['entity_type', 'entity_id']).execute();

  await db.schema.createIndex('organization_claims_status_idx').on('organization_claims').columns(['status', 'organization_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['contact_keys', 'organization_claims', 'organization_editors', 'affiliations', 'people', 'organizations']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
