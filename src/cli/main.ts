/**
 * `mikrocred`: the command line of the credential core. Every error ends as one message on stderr and an exit code
 * (see io.ts EXIT); set MIKROCRED_DEBUG=1 to see stack traces of unexpected errors.
 */
import { Command, CommanderError, Option } from 'commander';
import type { UiLanguage } from '../model/index.ts';
import type * as CommandsModule from './commands.ts';
import type * as PlatformCommandsModule from './platform-commands.ts';
import { CliError, EXIT, languageOf } from './io.ts';

/** The platform commands, loaded only when one runs. */
type PlatformCommands = typeof PlatformCommandsModule;

function runPlatform(action: (commands: PlatformCommands) => Promise<number>): Promise<void> {
  return import('./platform-commands.ts').then(action).then((code) => {
    process.exitCode = code;
  });
}

/** The commands, loaded only when one runs: `--help` and usage errors stay fast. */
type Commands = typeof CommandsModule;

function run(action: (commands: Commands) => Promise<number>): Promise<void> {
  return import('./commands.ts').then(action).then((code) => {
    process.exitCode = code;
  });
}

export function buildProgram(): Command {
  const program = new Command('mikrocred')
    .description('Mikrocred: EU micro-credentials as signed Open Badges 3.0 credentials (issue and verify offline)')
    .version('0.1.0')
    .exitOverride()
    .showHelpAfterError();
  const lang = (): Option => new Option('--lang <lang>', 'language of messages: pl or en');

  const keys = program.command('keys').description('issuer keys');
  keys.command('generate')
    .description('write a new Ed25519 issuer key (did:key, or a did:web given with --controller)')
    .requiredOption('--out <file>', 'where to write the key (JSON, secret: keep it safe)')
    .option('--controller <did>', 'a did:web controller instead of did:key')
    .option('--force', 'replace an existing file')
    .action((o: { out: string; controller?: string; force?: boolean }) => run((c) => c.keysGenerate(o)));

  program.command('issue')
    .description('issue a signed micro-credential')
    .requiredOption('--spec <file>', 'the micro-credential specification (JSON)')
    .requiredOption('--learner <file>', 'the learner and result: { learner, result } or a bare learner (JSON)')
    .requiredOption('--key <file>', 'the issuer key file')
    .option('--out <file>', 'write the credential here instead of printing it')
    .option('--force', 'replace an existing --out file')
    .option('--status-list <url>', 'URL of the revocation status list credential')
    .option('--suspension-list <url>', 'URL of a suspension status list credential (adds a second status entry)')
    .option('--status-index <n>', 'the credential\'s index in the status list(s)')
    .option('--id <uri>', 'the credential id (default: a new urn:uuid)')
    .option('--achievement-id <url>', 'public URL of the specification (default: urn:uuid of specId)')
    .addOption(lang())
    .action((o: Record<string, string | boolean | undefined>) => run((c) => c.issue({
      spec: String(o.spec), learner: String(o.learner), key: String(o.key), lang: languageOf(o.lang),
      out: o.out as string | undefined, force: o.force === true, statusList: o.statusList as string | undefined,
      suspensionList: o.suspensionList as string | undefined, statusIndex: o.statusIndex as string | undefined,
      id: o.id as string | undefined, achievementId: o.achievementId as string | undefined,
    })));

  program.command('verify')
    .description('verify a credential offline; exit 0 valid, 1 invalid, 2 unusable input, 3 undetermined (status not checkable)')
    .argument('<file>', 'the credential (JSON)')
    .addOption(lang())
    .option('--json', 'print the report as JSON')
    .option('--status-list <file...>', 'status list credential(s) to check the status against')
    .option('--did-document <file...>', 'DID document(s) of did:web issuers')
    .option('--now <datetime>', 'check validity at this time instead of now')
    .action((file: string, o: { lang?: string; json?: boolean; statusList?: string[]; didDocument?: string[]; now?: string }) =>
      run((c) => c.verify(file, { ...o, lang: languageOf(o.lang) })));

  const status = program.command('status').description('Bitstring status lists (revocation, suspension)');
  status.command('create')
    .description('write a new signed status list credential with every entry clear')
    .requiredOption('--url <url>', 'the URL the list will be published at')
    .requiredOption('--key <file>', 'the issuer key file')
    .requiredOption('--out <file>', 'where to write the list credential')
    .option('--purpose <purpose>', 'revocation (default) or suspension')
    .option('--length <n>', 'number of entries (default 131072)')
    .option('--force', 'replace an existing file')
    .action((o: { url: string; key: string; out: string; purpose?: string; length?: string; force?: boolean }) => run((c) => c.statusCreate(o)));
  status.command('set')
    .description('set (or with --clear, clear) one entry of a status list and sign it again')
    .requiredOption('--list <file>', 'the status list credential file (updated in place)')
    .requiredOption('--key <file>', 'the issuer key file')
    .requiredOption('--index <n>', 'the entry to change')
    .option('--clear', 'clear the entry (lift a suspension)')
    .action((o: { list: string; key: string; index: string; clear?: boolean }) => run((c) => c.statusSet(o)));

  program.command('serve')
    .description('run the platform: HTTP API and web app (configuration: see README)')
    .action(() => runPlatform((c) => c.serve()));
  program.command('migrate')
    .description('apply pending database migrations (serve does it too)')
    .action(() => runPlatform((c) => c.migrateCommand()));
  program.command('admin').description('staff accounts').command('create')
    .description('create a staff account, optionally with a role in an institution')
    .requiredOption('--email <email>', 'e-mail address (sign-in name)')
    .requiredOption('--name <name>', 'full name')
    .option('--password <password>', 'the password (or MIKROCRED_ADMIN_PASSWORD)')
    .option('--institution <slug>', 'give the account a role in this institution')
    .option('--role <role>', 'owner (default), designer, issuer or viewer')
    .option('--create-institution <name>', 'create the institution when it does not exist, with this name')
    .action((o: { email: string; name: string; password?: string; institution?: string; role?: string; createInstitution?: string }) =>
      runPlatform((c) => c.adminCreate(o)));
  program.command('apikey').description('API keys').command('create')
    .description('create an API key for an institution and print it once')
    .requiredOption('--institution <slug>', 'the institution')
    .requiredOption('--role <role>', 'owner, designer, issuer or viewer')
    .option('--name <name>', 'a name to recognise the key by')
    .action((o: { institution: string; role: string; name?: string }) => runPlatform((c) => c.apikeyCreate(o)));
  return program;
}

/** The language of an error message: `--lang pl`, else the locale; never throws (unlike languageOf). */
function messageLanguage(argv: readonly string[]): UiLanguage {
  const i = argv.indexOf('--lang');
  const option = i >= 0 ? argv[i + 1] : undefined;
  return option === 'pl' || option === 'en' ? option : languageOf(undefined);
}

export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help' ? EXIT.ok : EXIT.usage;
    }
    const lang = messageLanguage(argv);
    if (error instanceof CliError) {
      process.stderr.write(`mikrocred: ${error.text[lang]}\n`);
      return error.exitCode;
    }
    process.stderr.write(`mikrocred: ${lang === 'pl' ? 'nieoczekiwany błąd' : 'unexpected error'}: ${(error as Error).message}\n`);
    if (process.env.MIKROCRED_DEBUG) process.stderr.write(`${(error as Error).stack ?? ''}\n`);
    return EXIT.usage;
  }
}
