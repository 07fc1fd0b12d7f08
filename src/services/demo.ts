/**
 * The demo institution `npm start` creates on an empty database, so that a new user has something to sign in to:
 * a Polish university with an owner account whose password is generated and printed once, a published catalogue
 * with a pathway (demo-catalogue.ts), and three issued credentials, one revoked.
 */
import { randomBytes } from 'node:crypto';
import { createUser, setMembership } from './access.ts';
import { SYSTEM } from './audit.ts';
import { seedDemoCatalogue } from './demo-catalogue.ts';
import { createInstitution, type Institution } from './institutions.ts';
import { issueAward } from './issue-award.ts';
import { changeStatus } from './revocation.ts';
import type { Platform } from './platform.ts';

export const DEMO_SLUG = 'uniwersytet-przykladowy';
export const DEMO_OWNER_EMAIL = 'owner@uni.example.pl';

export interface DemoSeed {
  readonly institution: Institution;
  readonly email: string;
  readonly password: string;
}

/** Creates the demo institution and its owner when there is no institution yet; undefined otherwise. */
export async function seedDemo(platform: Platform): Promise<DemoSeed | undefined> {
  const any = await platform.store.db.selectFrom('institutions').select('id').limit(1).executeTakeFirst();
  if (any) return undefined;
  const institution = await createInstitution(platform, {
    slug: DEMO_SLUG,
    namePl: 'Uniwersytet Przykładowy w Warszawie',
    nameEn: 'Example University in Warsaw',
    country: 'PL',
    identifiers: [{ scheme: 'REGON', value: '142036717' }, { scheme: 'NIP', value: '5251234560' }, { scheme: 'ErasmusCode', value: 'PL WARSZAW99' }],
    website: 'https://uni.example.pl',
    email: 'mikroposwiadczenia@uni.example.pl',
    address: { street: 'ul. Przykładowa 1', postalCode: '00-001', locality: 'Warszawa', region: 'mazowieckie', country: 'PL' },
  }, SYSTEM);
  const password = randomBytes(12).toString('base64url');
  const user = await createUser(platform, { email: DEMO_OWNER_EMAIL, name: 'Anna Nowak', password }, SYSTEM);
  await setMembership(platform, { userId: user.id, institutionId: institution.id, role: 'owner' }, SYSTEM);
  const [firstOffer] = await seedDemoCatalogue(platform, institution);
  if (firstOffer) await seedDemoCredentials(platform, institution, firstOffer);
  return { institution, email: DEMO_OWNER_EMAIL, password };
}

/** Three issued credentials of the first offer (their e-mails wait in the outbox), one of them revoked. */
async function seedDemoCredentials(platform: Platform, institution: Institution, specId: string): Promise<void> {
  const learners = [
    { givenName: 'Anna', familyName: 'Wiśniewska', email: 'anna.wisniewska@student.example.pl', studentNumber: '412345', grade: '5' },
    { givenName: 'Piotr', familyName: 'Zieliński', email: 'piotr.zielinski@student.example.pl', studentNumber: '412346', grade: '4.5' },
    { givenName: 'Zofia', familyName: 'Lewandowska', email: 'zofia.lewandowska@student.example.pl', studentNumber: '412349', grade: '4' },
  ];
  const issued: string[] = [];
  for (const { grade, ...learner } of learners) {
    const result = await issueAward(platform, institution, {
      specId, award: { learner, result: { grade, assessmentDate: '2026-06-20', supervisionVerificationUsed: 'supervised-with-id' } },
      options: { language: 'pl', suspendable: learner.givenName === 'Zofia' },
    }, SYSTEM);
    issued.push(result.credential.id);
  }
  const revoked = issued[1];
  if (revoked) await changeStatus(platform, institution, revoked, 'revoke', 'Błąd w protokole zaliczenia (demo)', SYSTEM);
}
