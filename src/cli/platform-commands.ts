/**
 * The platform commands: `serve` (the HTTP server), `migrate`, `admin create` (a staff account, optionally owner of a
 * new or existing institution) and `apikey create` (prints the key once). They use the same configuration as the
 * server (see src/config.ts).
 */
import { loadConfig, ConfigError, type Config } from '../config.ts';
import { startServer } from '../http/server.ts';
import { createApiKey, createUser, setMembership } from '../services/access.ts';
import { SYSTEM } from '../services/audit.ts';
import { createInstitution, findInstitution } from '../services/institutions.ts';
import { ServiceError, type Platform } from '../services/platform.ts';
import { loadSecrets } from '../services/secrets.ts';
import { migrate, openStore } from '../store/db.ts';
import { ROLES, type Role } from '../store/schema.ts';
import { CliError, EXIT } from './io.ts';

function config(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError({ pl: `Błąd konfiguracji: ${error.message}`, en: `Configuration error: ${error.message}` });
    throw error;
  }
}

async function withPlatform<T>(action: (platform: Platform) => Promise<T>): Promise<T> {
  const c = config();
  const store = await openStore(c.databaseUrl ? { databaseUrl: c.databaseUrl } : { dataDir: c.dataDir });
  try {
    return await action({ store, secrets: loadSecrets({ env: c.masterKey, dataDir: c.dataDir }), baseUrl: c.baseUrl });
  } catch (error) {
    if (error instanceof ServiceError) throw new CliError(error.text, EXIT.invalid);
    throw error;
  } finally {
    await store.close();
  }
}

export async function serve(): Promise<number> {
  const server = await startServer(config());
  if (server.demo) {
    process.stdout.write([
      '',
      `Mikrocred: created the demo institution "${server.demo.institution.namePl}" (${server.demo.institution.did})`,
      `Sign in at ${server.platform.baseUrl} with  ${server.demo.email}  /  ${server.demo.password}`,
      '(the password is shown only now)',
      '',
    ].join('\n'));
  }
  process.stdout.write(`Mikrocred is listening on ${server.url} (public URL ${server.platform.baseUrl}, database: ${server.platform.store.kind})\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      server.close().then(resolve, resolve);
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  return EXIT.ok;
}

export async function migrateCommand(): Promise<number> {
  const c = config();
  const store = await openStore(c.databaseUrl ? { databaseUrl: c.databaseUrl } : { dataDir: c.dataDir });
  try {
    const applied = await migrate(store.db);
    process.stdout.write(applied.length > 0 ? `Applied: ${applied.join(', ')}\n` : 'The database is up to date.\n');
    return EXIT.ok;
  } finally {
    await store.close();
  }
}

function parseRole(value: string | undefined): Role {
  if (value && (ROLES as readonly string[]).includes(value)) return value as Role;
  throw new CliError({ pl: `--role: jedna z ${ROLES.join(', ')}`, en: `--role: one of ${ROLES.join(', ')}` });
}

export async function adminCreate(options: { email: string; name: string; password?: string; institution?: string; role?: string; createInstitution?: string }): Promise<number> {
  const password = options.password ?? process.env.MIKROCRED_ADMIN_PASSWORD;
  if (!password) {
    throw new CliError({ pl: 'Podaj hasło w --password lub MIKROCRED_ADMIN_PASSWORD', en: 'Give the password with --password or MIKROCRED_ADMIN_PASSWORD' });
  }
  return withPlatform(async (platform) => {
    const user = await createUser(platform, { email: options.email, name: options.name, password }, SYSTEM);
    if (options.institution) {
      let institution = await findInstitution(platform, options.institution);
      if (!institution && options.createInstitution) {
        institution = await createInstitution(platform, {
          slug: options.institution, namePl: options.createInstitution, nameEn: options.createInstitution, country: 'PL',
          identifiers: [], website: null, email: null, address: null,
        }, SYSTEM);
      }
      if (!institution) throw new CliError({ pl: `Nie ma instytucji „${options.institution}”`, en: `No institution "${options.institution}"` }, EXIT.invalid);
      await setMembership(platform, { userId: user.id, institutionId: institution.id, role: parseRole(options.role ?? 'owner') }, SYSTEM);
    }
    process.stdout.write(`Created ${user.email}\n`);
    return EXIT.ok;
  });
}

export async function apikeyCreate(options: { institution: string; role: string; name?: string }): Promise<number> {
  const role = parseRole(options.role);
  return withPlatform(async (platform) => {
    const institution = await findInstitution(platform, options.institution);
    if (!institution) throw new CliError({ pl: `Nie ma instytucji „${options.institution}”`, en: `No institution "${options.institution}"` }, EXIT.invalid);
    const { key } = await createApiKey(platform, { institutionId: institution.id, name: options.name ?? `CLI ${role}`, role, createdBy: null }, SYSTEM);
    process.stdout.write(`${key}\n`);
    process.stderr.write('This key is shown only now: store it safely.\n');
    return EXIT.ok;
  });
}
