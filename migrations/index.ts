// The ordered list of migrations. Add a new file and a line here; never edit a landed migration.
import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.js';
import * as m0002 from './0002_search.js';
import * as m0003 from './0003_directory.js';
import * as m0004 from './0004_search_inline_facets.js';
import * as m0005 from './0005_library.js';
import * as m0006 from './0006_directory_cleanup.js';
import * as m0007 from './0007_events.js';
import * as m0008 from './0008_news.js';
import * as m0009 from './0009_discussions.js';
import * as m0010 from './0010_search_language_bits.js';
import * as m0011 from './0011_event_series.js';
import * as m0012 from './0012_event_materials.js';
import * as m0013 from './0013_newsletter_sends.js';

export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_search': m0002,
  '0003_directory': m0003,
  '0004_search_inline_facets': m0004,
  '0005_library': m0005,
  '0006_directory_cleanup': m0006,
  '0007_events': m0007,
  '0008_news': m0008,
  '0009_discussions': m0009,
  '0010_search_language_bits': m0010,
  '0011_event_series': m0011,
  '0012_event_materials': m0012,
  '0013_newsletter_sends': m0013,
};
