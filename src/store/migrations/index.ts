/** Every migration, in order. Names sort as they run; a migration is never edited once released: add a new one. */
import type { Migration } from 'kysely';
import * as initial from './0001-initial.ts';
import * as catalogue from './0002-catalogue.ts';
import * as rateLimits from './0003-rate-limits.ts';
import * as issuance from './0004-issuance.ts';
import * as learners from './0005-learners.ts';
import * as openid4vci from './0006-openid4vci.ts';
import * as ob3Api from './0007-ob3-api.ts';
import * as oauthUsage from './0008-oauth-usage.ts';

export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-initial': initial,
  '0002-catalogue': catalogue,
  '0003-rate-limits': rateLimits,
  '0004-issuance': issuance,
  '0005-learners': learners,
  '0006-openid4vci': openid4vci,
  '0007-ob3-api': ob3Api,
  '0008-oauth-usage': oauthUsage,
};
