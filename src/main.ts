/**
 * The `mosaic` command: serve, migrate, admin create, user reset-password, token create,
 * backup, restore, demo, jobs retry. Exit codes: 0 success, 1 failure, 2 usage, 78 bad config.
 */
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { Command, CommanderError } from 'commander';
import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { CLI_ACTOR } from './platform/audit/audit.js';
import { createBackup, fileSize, restoreBackup, RestoreError } from './platform/backup/backup.js';
import { openDatabase, type DatabaseHandle } from './platform/db/index.js';
import { migrateToLatest } from './platform/db/migrate.js';
import { AppError } from './platform/http/errors.js';
import { filesDir, localFileStore } from './platform/files/store.js';
import { formatMessage } from './platform/i18n/messages.js';
import { retryJob, runDueJobs } from './platform/jobs/jobs.js';
import { startWorker } from './platform/jobs/worker.js';
import { createTransport } from './platform/mail/outbox.js';
import { createAccountsService } from './modules/accounts/accounts.service.js';
import { loadDemoData } from './modules/demo/demo.service.js';
import { createFilesService, EXTRACT_JOB } from './modules/library/files.service.js';
import { createLibraryService } from './modules/library/library.service.js';
import { registerResourceImport } from './modules/library/import.js';
import { registerImportCommands } from './modules/directory/import/import.cli.js';
import { seedSpaces } from './modules/spaces/spaces.service.js';
import { INDEXERS } from './modules/indexers.js';
import { jobHandlers, RECURRING_JOBS } from './modules/jobs.js';
import { reindex } from './platform/search/indexers.js';

const EXIT = { ok: 0, failure: 1, usage: 2, config: 78 } as const;

/** An error the CLI reports in one line with an exit code. */
class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failure,
  ) {
    super(message);
  }
}

function describe(err: unknown): string {
  if (err instanceof AppError) {
    const fields = err.options.fields?.map((f) => `${f.field}: ${formatMessage('en', f.key, f.values)}`).join('; ');
    return fields ? fields : formatMessage('en', err.key);
  }
  return err instanceof Error ? err.message : String(err);
}

/** Opens the configured database and migrates it; the caller closes it. */
async function openMigrated(config: Config): Promise<DatabaseHandle> {
  const handle = openDatabase(config.database);
  await migrateToLatest(handle.db);
  await seedSpaces(handle.db, CLI_ACTOR);
  return handle;
}

async function withDatabase<T>(fn: (handle: DatabaseHandle, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const handle = await openMigrated(config);
  try {
    return await fn(handle, config);
  } finally {
    await handle.close();
  }
}

/** Reads a password from MOSAIC_ADMIN_PASSWORD, else asks on the terminal without echo. */
async function readPassword(prompt: string): Promise<string> {
  const fromEnv = process.env.MOSAIC_ADMIN_PASSWORD;
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY) {
    throw new CliError('no password: set MOSAIC_ADMIN_PASSWORD or run in a terminal to be asked', EXIT.usage);
  }
  let muted = false;
  const output = new Writable({
    write(chunk, _enc, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  const ask = (q: string) =>
    new Promise<string>((resolve) => {
      process.stderr.write(q);
      muted = true;
      rl.question('', (answer) => {
        muted = false;
        process.stderr.write('\n');
        resolve(answer);
      });
    });
  try {
    const first = await ask(prompt);
    const second = await ask('Repeat the password: ');
    if (first !== second) throw new CliError('the passwords do not match', EXIT.usage);
    return first;
  } finally {
    rl.close();
  }
}

async function serve(options: { roles?: string }): Promise<void> {
  const started = performance.now();
  const env = { ...process.env, ...(options.roles ? { ROLES: options.roles } : {}) };
  const config = loadConfig(env);
  const app = await buildApp(config);
  let stopWorker: (() => Promise<void>) | null = null;
  if (config.roles.includes('worker')) {
    stopWorker = startWorker({
      db: app.mosaic.db,
      transport: createTransport(config.smtpUrl),
      mailFrom: config.mailFrom,
      handlers: jobHandlers(app.mosaic),
      recurring: RECURRING_JOBS,
      log: app.log,
    });
  }
  if (config.roles.includes('web')) {
    await app.listen({ port: config.port, host: config.host });
    app.log.info({ startupMs: Math.round(performance.now() - started), dialect: app.mosaic.dialect, roles: config.roles }, `Mosaic is ready on ${config.baseUrl}`);
  } else {
    await app.ready();
    app.log.info({ roles: config.roles }, 'Mosaic worker started');
  }
  // Graceful shutdown: stop accepting connections, let in-flight requests finish, then close
  // the worker and the database. A second signal exits at once.
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) process.exit(EXIT.failure);
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      app.log.error('shutdown took longer than 25 s; exiting');
      process.exit(EXIT.failure);
    }, 25_000);
    timer.unref();
    await stopWorker?.();
    await app.close();
    process.exit(EXIT.ok);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

/** Builds the command tree (exported for tests of --help). */
export function buildProgram(): Command {
  const program = new Command();
  program
    .name('mosaic')
    .description('Mosaic — platform for the cultural and creative industries.\nSettings come from environment variables: see README.md (PORT, DATABASE_URL, DATA_DIR, BASE_URL, SMTP_URL, SECRET_KEY, LOG_LEVEL, …).')
    .showHelpAfterError()
    .exitOverride();

  program
    .command('serve')
    .description('start the web server (and the background worker); migrates the database first')
    .option('--roles <roles>', 'process roles: web, worker or web,worker (default: ROLES or both)')
    .action(serve);

  program
    .command('migrate')
    .description('apply pending database migrations and exit')
    .action(async () => {
      const config = loadConfig();
      const handle = openDatabase(config.database);
      try {
        const results = await migrateToLatest(handle.db);
        const applied = results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
        process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
      } finally {
        await handle.close();
      }
    });

  const admin = program.command('admin').description('platform administrators');
  admin
    .command('create')
    .description('create a platform administrator (or promote an existing account); password from MOSAIC_ADMIN_PASSWORD or a prompt')
    .requiredOption('--email <email>', 'email address of the administrator')
    .option('--name <name>', 'display name (default: the part of the email before @)')
    .action(async (opts: { email: string; name?: string }) => {
      const password = await readPassword('Password for the administrator: ');
      await withDatabase(async (handle, config) => {
        const accounts = createAccountsService({ db: handle.db, config });
        const user = await accounts.createPlatformAdmin({ email: opts.email, password, displayName: opts.name }, CLI_ACTOR);
        process.stdout.write(`platform administrator ready: ${user.email}\n`);
      });
    });

  const user = program.command('user').description('user accounts');
  user
    .command('reset-password')
    .description("set a new password for an account and end its sessions; password from MOSAIC_ADMIN_PASSWORD or a prompt")
    .requiredOption('--email <email>', 'email address of the account')
    .action(async (opts: { email: string }) => {
      const password = await readPassword('New password: ');
      await withDatabase(async (handle, config) => {
        const accounts = createAccountsService({ db: handle.db, config });
        await accounts.setPasswordByEmail(opts.email, password, CLI_ACTOR);
        process.stdout.write(`password changed for ${opts.email.trim().toLowerCase()}\n`);
      });
    });

  const token = program.command('token').description('API tokens');
  token
    .command('create')
    .description('create an API token for an account and print only the token (for scripts)')
    .requiredOption('--email <email>', 'email address of the account')
    .option('--name <name>', 'what the token is for', 'cli')
    .action(async (opts: { email: string; name: string }) => {
      await withDatabase(async (handle, config) => {
        const accounts = createAccountsService({ db: handle.db, config });
        const found = await accounts.findByEmail(opts.email);
        if (!found) throw new CliError(`no account with the email ${opts.email}`);
        const created = await accounts.createApiToken(found, opts.name, { ...CLI_ACTOR, userId: found.id });
        process.stdout.write(created.token + '\n');
      });
    });

  program
    .command('backup')
    .description('write a consistent snapshot of the database and the file store into one .tar.gz archive (safe while the server runs)')
    .argument('[archive]', 'archive path', `mosaic-backup-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')}.tar.gz`)
    .action(async (archive: string) => {
      const config = loadConfig();
      const handle = openDatabase(config.database);
      try {
        const manifest = await createBackup({ db: handle.db, dialect: handle.dialect, filesDir: filesDir(config.dataDir), archivePath: archive });
        const rows = Object.values(manifest.tables).reduce((n, t) => n + t.rows, 0);
        process.stdout.write(`backup written: ${archive} (${rows} rows, ${manifest.files} files, ${await fileSize(archive)} bytes)\n`);
      } finally {
        await handle.close();
      }
    });

  program
    .command('restore')
    .description('restore a backup archive into an empty installation (the configured DATABASE_URL and DATA_DIR)')
    .argument('<archive>', 'archive written by mosaic backup')
    .option('--force', 'replace the data of a non-empty installation')
    .action(async (archive: string, opts: { force?: boolean }) => {
      const config = loadConfig();
      const handle = openDatabase(config.database);
      try {
        const manifest = await restoreBackup({ db: handle.db, filesDir: filesDir(config.dataDir), archivePath: archive, force: opts.force });
        // The search index is derived data, not in the archive: rebuild it from the restored rows.
        await reindex(handle.db, INDEXERS, { complete: true });
        const rows = Object.values(manifest.tables).reduce((n, t) => n + t.rows, 0);
        process.stdout.write(`restored ${rows} rows and ${manifest.files} files from ${archive}\n`);
      } catch (err) {
        if (err instanceof RestoreError) throw new CliError(err.message);
        throw err;
      } finally {
        await handle.close();
      }
    });

  program
    .command('demo')
    .description('load the multilingual demo dataset for Lao PDR, Uzbekistan and Rwanda (idempotent)')
    .action(async () => {
      await withDatabase(async (handle, config) => {
        const accounts = createAccountsService({ db: handle.db, config });
        const library = createLibraryService({ db: handle.db });
        const files = createFilesService({ db: handle.db, library, store: localFileStore(filesDir(config.dataDir)), maxUploadBytes: config.libraryMaxUploadMb * 1024 * 1024 });
        const added = await loadDemoData(handle.db, accounts, CLI_ACTOR, { files });
        process.stdout.write(`demo data loaded: ${added} new records\n`);
        // The library's files are read here rather than left for a worker, so search finds their text at once.
        const handlers = new Map([[EXTRACT_JOB, async (payload: Record<string, unknown>) => files.runExtraction(String(payload.versionId ?? ''))]]);
        let extracted = 0;
        for (let n = -1; n !== 0; extracted += n) n = await runDueJobs(handle.db, handlers, 'cli', { limit: 50 });
        if (extracted) process.stdout.write(`text extracted from ${extracted} library files\n`);
      });
    });

  program
    .command('reindex')
    .description('rebuild the search index from the records (after a restore or an upgrade of the analyzer)')
    .action(async () => {
      await withDatabase(async (handle) => {
        const counts = await reindex(handle.db, INDEXERS, { complete: true });
        const total = Object.values(counts).reduce((a, b) => a + b, 0);
        process.stdout.write(`reindexed ${total} records${total ? ' (' + Object.entries(counts).map(([t, n]) => `${t}: ${n}`).join(', ') + ')' : ''}\n`);
      });
    });

  registerImportCommands(program);
  const importGroup = program.commands.find((c) => c.name() === 'import');
  if (importGroup) registerResourceImport(importGroup);

  const jobs = program.command('jobs').description('background jobs');
  jobs
    .command('retry')
    .description('put a failed job back in the queue')
    .argument('<id>', 'job id')
    .action(async (id: string) => {
      await withDatabase(async (handle) => {
        if (!(await retryJob(handle.db, id))) throw new CliError(`no failed job with id ${id}`);
        process.stdout.write(`job ${id} queued again\n`);
      });
    });

  return program;
}

/** Runs the CLI with `argv` (process.argv form) and sets the exit code. */
export async function runCli(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end with code 0; usage mistakes with 2.
      process.exitCode = err.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return;
    }
    if (err instanceof ConfigError) {
      process.stderr.write(`mosaic: configuration error: ${err.message}\n`);
      process.exitCode = EXIT.config;
      return;
    }
    const code = err instanceof CliError ? err.exitCode : EXIT.failure;
    process.stderr.write(`mosaic: ${describe(err)}\n`);
    process.exitCode = code;
  }
}

// Run when executed directly (tsx src/main.ts …); bin/mosaic.js calls runCli itself.
if (import.meta.url === `file://${process.argv[1]}`) {
  await runCli(process.argv);
}
