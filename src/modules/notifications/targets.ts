/** The directory's organisations and people as things one may follow. */
import { fromJson } from '../../platform/db/json.js';
import type { TranslatedText } from '../../platform/i18n/content.js';
import { findOrganizations, findPeople } from '../directory/directory.repository.js';
import { registerFollowTargetType } from './notifications.service.js';

registerFollowTargetType({
  type: 'organization',
  async describe(db, ids) {
    const rows = (await findOrganizations(db, ids)).filter((r) => r.status === 'published' && !r.merged_into);
    return new Map(rows.map((r) => [r.id, { title: fromJson<TranslatedText>(r.name, {}), url: `/organizations/${r.id}` }]));
  },
});

registerFollowTargetType({
  type: 'person',
  async describe(db, ids) {
    const rows = (await findPeople(db, ids)).filter((r) => r.status === 'published' && !r.merged_into);
    return new Map(rows.map((r) => [r.id, { title: fromJson<TranslatedText>(r.name, {}), url: `/people/${r.id}` }]));
  },
});
