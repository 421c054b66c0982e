/**
 * Every setting Mosaic reads from the environment, read once here, validated and documented.
 * A bad value stops the process with a message that names the variable (see `loadConfig`).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Process roles: a web process answers HTTP, a worker process runs background jobs and mail. */
export type ProcessRole = 'web' | 'worker';

/** The validated configuration of one Mosaic process. */
export interface Config {
  /** TCP port to listen on. `PORT`, default 3000. */
  port: number;
  /** Address to bind. `HOST`, default 0.0.0.0 (all interfaces). */
  host: string;
  /** Where the SQLite file, the file store and generated secrets live. `DATA_DIR`, default ./data. */
  dataDir: string;
  /**
   * `DATABASE_URL`: a `postgres://` URL, a `sqlite:` URL or a plain file path.
   * Default: `<DATA_DIR>/mosaic.sqlite`.
   */
  database: DatabaseConfig;
  /** Public address of the site, used in emails and feeds. `BASE_URL`, default http://localhost:PORT. */
  baseUrl: string;
  /** Outgoing mail server, `smtp://user:pass@host:port` or `smtps://…`. `SMTP_URL`; empty = mail stays in the outbox. */
  smtpUrl: string | null;
  /** Sender address of every email. `MAIL_FROM`, default "Mosaic <no-reply@HOSTNAME-OF-BASE_URL>". */
  mailFrom: string;
  /**
   * Secret for signing cookies and CSRF tokens. `SECRET_KEY` (at least 32 characters).
   * When unset, one is generated once and kept in `<DATA_DIR>/secret.key`, so a single-box
   * install needs no setup; several app processes must share the same value.
   */
  secretKey: string;
  /** pino log level. `LOG_LEVEL`: fatal, error, warn, info, debug, trace or silent; default info. */
  logLevel: string;
  /** Largest request body in bytes. `BODY_LIMIT`, default 1 MiB (file uploads have their own limit). */
  bodyLimit: number;
  /** Trust X-Forwarded-* headers from a reverse proxy. `TRUST_PROXY`: true/false, default false. */
  trustProxy: boolean;
  /** Which roles this process plays. `ROLES`, comma-separated from web,worker; default both. */
  roles: ProcessRole[];
  /** Whether to run pending migrations at start. `AUTO_MIGRATE`, default true. */
  autoMigrate: boolean;
  /** Bearer token that opens /metrics to a remote scraper. `METRICS_TOKEN`; unset = loopback only. */
  metricsToken: string | null;
  /**
   * Hours a spreadsheet uploaded to the directory's import is kept once its import has run or
   * was left unused. `IMPORT_UPLOAD_MAX_AGE_HOURS`, default 24 (1 to 8760).
   */
  importUploadMaxAgeHours: number;
  /** Largest file uploaded to the library, in MB. `LIBRARY_MAX_UPLOAD_MB`, default 50 (1 to 2048). */
  libraryMaxUploadMb: number;
  /** `NODE_ENV`; "production" hides stack traces (they are never shown to users anyway). */
  env: 'production' | 'development' | 'test';
}

/** Where the database lives: SQLite file (or `:memory:`) or a PostgreSQL connection string. */
export type DatabaseConfig =
  | { dialect: 'sqlite'; file: string }
  | { dialect: 'postgres'; url: string; schema?: string };

/** Raised for an invalid setting; the CLI prints it and exits with status 78 (EX_CONFIG). */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function intVar(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `expected a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function boolVar(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(name, `expected true or false, got "${env[name]}"`);
}

/** Parses `DATABASE_URL` into a dialect and its connection details. */
export function parseDatabaseUrl(raw: string | undefined, dataDir: string): DatabaseConfig {
  const value = raw?.trim();
  if (!value) return { dialect: 'sqlite', file: path.join(dataDir, 'mosaic.sqlite') };
  if (/^postgres(ql)?:\/\//i.test(value)) {
    try {
      const url = new URL(value);
      if (!url.hostname && !url.searchParams.get('host')) throw new Error('no host');
    } catch {
      throw new ConfigError('DATABASE_URL', `not a valid PostgreSQL URL: "${value}"`);
    }
    return { dialect: 'postgres', url: value };
  }
  if (/^sqlite:/i.test(value)) {
    const file = value.replace(/^sqlite:(\/\/)?/i, '');
    if (!file) throw new ConfigError('DATABASE_URL', 'the sqlite: URL names no file');
    return { dialect: 'sqlite', file: file === ':memory:' ? file : path.resolve(file) };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    throw new ConfigError('DATABASE_URL', `unsupported database "${value.split(':')[0]}"; use postgres:// or a SQLite file path`);
  }
  return { dialect: 'sqlite', file: path.resolve(value) };
}

function readOrCreateSecret(dataDir: string): string {
  const file = path.join(dataDir, 'secret.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}

/**
 * Reads and validates the whole configuration from `env`.
 * Throws `ConfigError` naming the first bad variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = intVar(env, 'PORT', 3000, 0, 65535);
  const dataDir = path.resolve(env.DATA_DIR?.trim() || 'data');
  const database = parseDatabaseUrl(env.DATABASE_URL, dataDir);

  let baseUrl = env.BASE_URL?.trim() || `http://localhost:${port}`;
  try {
    const u = new URL(baseUrl);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
    baseUrl = u.origin + u.pathname.replace(/\/$/, '');
  } catch {
    throw new ConfigError('BASE_URL', `expected an http(s) URL, got "${baseUrl}"`);
  }

  const smtpRaw = env.SMTP_URL?.trim() || null;
  if (smtpRaw) {
    try {
      const u = new URL(smtpRaw);
      if (u.protocol !== 'smtp:' && u.protocol !== 'smtps:') throw new Error('protocol');
    } catch {
      throw new ConfigError('SMTP_URL', `expected smtp://host:port or smtps://host:port, got "${smtpRaw}"`);
    }
  }

  const mailFrom = env.MAIL_FROM?.trim() || `Mosaic <no-reply@${new URL(baseUrl).hostname}>`;
  if (!/@/.test(mailFrom)) throw new ConfigError('MAIL_FROM', `expected an email address, got "${mailFrom}"`);

  let secretKey = env.SECRET_KEY?.trim();
  if (secretKey !== undefined && secretKey !== '' && secretKey.length < 32) {
    throw new ConfigError('SECRET_KEY', 'must be at least 32 characters long');
  }
  if (!secretKey) secretKey = readOrCreateSecret(dataDir);

  const logLevel = env.LOG_LEVEL?.trim().toLowerCase() || 'info';
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `expected one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);
  }

  const roles = (env.ROLES?.trim() || 'web,worker').split(',').map((r) => r.trim()).filter(Boolean);
  for (const role of roles) {
    if (role !== 'web' && role !== 'worker') throw new ConfigError('ROLES', `unknown role "${role}"; use web and/or worker`);
  }
  if (roles.length === 0) throw new ConfigError('ROLES', 'name at least one role: web, worker');

  const nodeEnv = env.NODE_ENV?.trim() || 'development';
  if (nodeEnv !== 'production' && nodeEnv !== 'development' && nodeEnv !== 'test') {
    throw new ConfigError('NODE_ENV', `expected production, development or test, got "${nodeEnv}"`);
  }

  return {
    port,
    host: env.HOST?.trim() || '0.0.0.0',
    dataDir,
    database,
    baseUrl,
    smtpUrl: smtpRaw,
    mailFrom,
    secretKey,
    logLevel,
    bodyLimit: intVar(env, 'BODY_LIMIT', 1024 * 1024, 1024, 1024 * 1024 * 1024),
    trustProxy: boolVar(env, 'TRUST_PROXY', false),
    roles: roles as ProcessRole[],
    autoMigrate: boolVar(env, 'AUTO_MIGRATE', true),
    metricsToken: env.METRICS_TOKEN?.trim() || null,
    importUploadMaxAgeHours: intVar(env, 'IMPORT_UPLOAD_MAX_AGE_HOURS', 24, 1, 8760),
    libraryMaxUploadMb: intVar(env, 'LIBRARY_MAX_UPLOAD_MB', 50, 1, 2048),
    env: nodeEnv,
  };
}
