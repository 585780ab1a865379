import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serviceTestEnv, type TestEnv } from '@forewarn/testkit';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { freePort, mainOf } from './processes.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Screenshots kept after the run (git-ignored); CONSOLE_ARTIFACTS moves them. */
export const CONSOLE_ARTIFACTS =
  process.env.CONSOLE_ARTIFACTS ??
  fileURLToPath(new URL('../../test-artifacts/console/', import.meta.url));

/** Another service, built, as its own process on a free port with the test's broker and keys. */
export async function spawnService(
  env: TestEnv,
  service: string,
  extra: Record<string, string>,
): Promise<{ url: string; child: ChildProcess }> {
  const url = `http://127.0.0.1:${await freePort()}`;
  const child = spawn(process.execPath, [mainOf(service)], {
    env: { ...process.env, ...serviceTestEnv(env, { HTTP_PORT: new URL(url).port, ...extra }) },
    stdio: 'ignore',
  });
  return { url, child };
}

/**
 * Debian's chromium, headless, with a profile of its own under `dir`; nothing in the background
 * (updates, sync, QUIC probes) competes with the page under test on a loaded machine.
 */
const launchConsoleBrowser = (dir: string, height = 1100): Promise<BrowserContext> =>
  chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1360, height },
  });

/**
 * Opens the console (with `query`, e.g. `?pageSize=2`), signs in with `key` and waits for the
 * view the role lands on.
 */
export async function signInAs(
  browser: BrowserContext,
  baseUrl: string,
  key: string,
  lands: string,
  query = '',
): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(`${baseUrl}/console/${query}`);
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: lands, exact: true }).waitFor();
  return page;
}

/**
 * A browser with a throwaway profile directory, and the artefacts folder made; close removes the
 * profile (KEEP_CONSOLE_ARTIFACTS keeps it, to look into a failed run).
 */
export async function openConsoleBrowser(
  label: string,
  height?: number,
): Promise<{ browser: BrowserContext; close(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `forewarn-${label}-`));
  await mkdir(CONSOLE_ARTIFACTS, { recursive: true });
  const browser = await launchConsoleBrowser(dir, height);
  return {
    browser,
    async close() {
      await browser.close();
      if (!process.env.KEEP_CONSOLE_ARTIFACTS) await rm(dir, { recursive: true, force: true });
    },
  };
}
