/**
 * Every module's search indexer, in one list: `mosaic reindex` and `mosaic restore` rebuild the
 * shared index from it. A module that indexes entities adds its indexer here.
 */
import type { Indexer } from '../platform/search/indexers.js';
import { DIRECTORY_INDEXERS } from './directory/directory.service.js';
import { LIBRARY_INDEXERS } from './library/library.service.js';
import { DISCUSSION_INDEXERS } from './discussions/discussions.service.js';
import { NEWS_INDEXER } from './news/news.service.js';
import { OPPORTUNITIES_INDEXER } from './opportunities/opportunities.service.js';

import { EVENT_INDEXERS } from './events/events.service.js';

/** The registered indexers. */
export const INDEXERS: readonly Indexer[] = [...DIRECTORY_INDEXERS, ...EVENT_INDEXERS, ...LIBRARY_INDEXERS, ...DISCUSSION_INDEXERS, NEWS_INDEXER, OPPORTUNITIES_INDEXER];
