import { existsSync } from 'node:fs';

/** The little of playwright-core's API that B3 uses (typed here: the package is optional for lab). */
export interface Browser {
  newPage(): Promise<Page>;
  close(): Promise<void>;
}
export interface Page {
  goto(url: string): Promise<unknown>;
  locator(selector: string): Locator;
  waitForSelector(selector: string, options?: { timeout?: number }): Promise<unknown>;
  close(): Promise<void>;
}
export interface Locator {
  click(options?: { timeout?: number }): Promise<void>;
  isDisabled(options?: { timeout?: number }): Promise<boolean>;
  textContent(options?: { timeout?: number }): Promise<string | null>;
  count(): Promise<number>;
}

export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Debian's Chromium, headless, driven by playwright-core (which downloads no browser of its own).
 * Fails with what to install when either is missing.
 */
export async function launchChromium(): Promise<Browser> {
  const moduleName = 'playwright-core';
  let playwright: { chromium: { launch(options: object): Promise<Browser> } };
  try {
    playwright = (await import(moduleName)) as typeof playwright;
  } catch {
    throw new Error(
      "B3 drives Debian's Chromium with playwright-core, which is not installed: lab's package.json must list playwright-core (1.65.x), then run npm install",
    );
  }
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`B3 needs Debian's Chromium at ${CHROMIUM_PATH}: apt-get install -y chromium`);
  }
  return playwright.chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox'] });
}
