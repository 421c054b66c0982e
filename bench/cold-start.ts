/**
 * Cold start of the built server: `node bin/mosaic.js serve` (web and worker roles) on a fresh
 * temporary DATA_DIR (SQLite, so the first start also creates and migrates the database) and a
 * free loopback port. Measures the time from spawn to the first HTTP 200 of GET /healthz, then
 * sends SIGTERM and checks that the process exits with status 0.
 *
 * Needs the compiled code in dist/: `ensureBuild()` runs `npm run build` when dist/ is missing or
 * older than the sources.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const COMPILED = path.join(ROOT, 'dist', 'src', 'main.js');
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 30_000;

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(target, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || /\.test\.tsx?$/.test(entry.name)) continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry.name)));
  }
  return newest;
}

/** True when dist/ is missing or older than a source file the build compiles. */
export function buildIsStale(): boolean {
  if (!existsSync(COMPILED)) return true;
  const sources = Math.max(...['src', 'migrations', 'seeds', 'tsconfig.json', 'tsconfig.build.json'].map((p) => newestMtime(path.join(ROOT, p))));
  return newestMtime(path.join(ROOT, 'dist')) < sources;
}

/** Builds with `npm run build` when needed; throws when the build fails. */
export function ensureBuild(out: (line: string) => void = console.log): void {
  if (!buildIsStale()) return;
  out('dist/ is missing or older than the sources: running npm run build');
  const result = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`npm run build failed (exit status ${result.status ?? result.signal})`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** One GET /healthz; resolves with the status, or 0 when the connection fails. */
function probe(port: number): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/healthz', agent: false, timeout: 1000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

/** One cold start. */
export interface ColdStartRun {
  /** Spawn → first 200 from /healthz, in milliseconds. */
  readyMs: number;
  /** What the server itself logged as its start-up time (config, migrations, listen), if seen. */
  reportedMs: number | null;
  /** SIGTERM → process exit, in milliseconds. */
  stopMs: number;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
}

/** Starts the server once on a fresh DATA_DIR and stops it. */
export async function coldStartOnce(): Promise<ColdStartRun> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mosaic-coldstart-'));
  const port = await freePort();
  // A clean environment: nothing from the caller's DATABASE_URL, SMTP_URL, ROLES and so on.
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    BASE_URL: `http://127.0.0.1:${port}`,
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
  };
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'mosaic.js'), 'serve'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  let exitedEarly = false;
  void exited.then(() => (exitedEarly = true));

  try {
    let readyMs = -1;
    while (performance.now() - started < START_TIMEOUT_MS) {
      if (exitedEarly) throw new Error(`the server exited before answering /healthz:\n${output}`);
      if ((await probe(port)) === 200) {
        readyMs = performance.now() - started;
        break;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    if (readyMs < 0) throw new Error(`no 200 from /healthz within ${START_TIMEOUT_MS} ms:\n${output}`);
    const reported = /"startupMs":(\d+)/.exec(output);

    const stopStarted = performance.now();
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    const { code, signal } = await exited;
    clearTimeout(timer);
    return { readyMs, reportedMs: reported ? Number(reported[1]) : null, stopMs: performance.now() - stopStarted, exitCode: code, signal };
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The whole measurement. */
export interface ColdStartReport {
  runs: ColdStartRun[];
  medianMs: number;
  ok: boolean;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Builds if needed, then measures `runs` cold starts one after another. */
export async function measureColdStart(runs = 3, out: (line: string) => void = console.log): Promise<ColdStartReport> {
  ensureBuild(out);
  const results: ColdStartRun[] = [];
  for (let i = 0; i < runs; i++) results.push(await coldStartOnce());
  return { runs: results, medianMs: median(results.map((r) => r.readyMs)), ok: results.every((r) => r.exitCode === 0) };
}

/** Prints each run and the median. */
export function printColdStart(report: ColdStartReport, out: (line: string) => void = console.log): void {
  out(`Cold start: node bin/mosaic.js serve (roles web,worker), fresh SQLite DATA_DIR each run, spawn until the first 200 from GET /healthz`);
  out(`Machine: Node ${process.version}, ${os.platform()} ${os.arch()}, ${os.cpus().length} x ${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}`);
  out('');
  report.runs.forEach((r, i) => {
    const exit = r.signal ? `killed by ${r.signal}` : `exit status ${r.exitCode}`;
    out(
      `run ${i + 1}: ready in ${Math.round(r.readyMs)} ms` +
        (r.reportedMs !== null ? ` (server-reported start-up ${r.reportedMs} ms)` : '') +
        `; SIGTERM -> ${exit} after ${Math.round(r.stopMs)} ms${r.exitCode === 0 ? '' : '  FAIL'}`,
    );
  });
  out(`median: ${Math.round(report.medianMs)} ms`);
  out(`Result: ${report.ok ? 'every run stopped cleanly on SIGTERM (exit status 0)' : 'FAIL: a run did not exit with status 0 on SIGTERM'}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const report = await measureColdStart();
  printColdStart(report);
  process.exit(report.ok ? 0 : 1);
}
