// Debian's Chromium, headless, driven by playwright-core: the browser every web test uses, with
// nothing of its own reaching the network.
import { chromium, type Browser } from 'playwright-core'

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync']

/** Starts the browser, with `args` beside the usual ones (a fake camera, say); the caller closes it. */
export async function launchChromium (args: string[] = []): Promise<Browser> {
  return await chromium.launch({ executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...args] })
}
