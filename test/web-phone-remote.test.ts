// The phone app as a real phone gets it: from another machine, over https. The clinic's relay
// serves the app on a public HTTPS server (`--phone-listen`, with a test-only certificate for
// clinic.test) and wss beside ws on its WebSockets port. Chromium resolves clinic.test to this
// machine and trusts the certificate by its key's hash, so the page is a genuine https origin that
// is not this machine's: ws:// from it would be blocked as mixed content, and a reading added on the
// phone that reaches the relay went over wss. The public server serves nothing but the app and its
// /phone/api/, to its own pages only; without a certificate, `--phone-listen` is refused.
import { X509Certificate, createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { request } from 'node:https'
import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { launchChromium } from './support/browser.js'
import { relayHasReading, startClinicRelay, type ClinicRelay } from './support/clinic-relay.js'
import { addBloodPressure, patientId, signUp } from './support/phone-page.js'
import { api, techo } from './support/techo.js'
import { until } from './support/until.js'

const CERT_FILE = fileURLToPath(new URL('../fixtures/tls/clinic.test.crt', import.meta.url))
const KEY_FILE = fileURLToPath(new URL('../fixtures/tls/clinic.test.key', import.meta.url))
const CERT = readFileSync(CERT_FILE, 'utf8')
const PASSPHRASE = 'a phone passphrase, long enough to pass'

let clinic: ClinicRelay
let browser: Browser
let page: Page
/** The public server's port, as `techo serve` printed it. */
let port = 0
/** Every WebSocket the page opened, by URL. */
const sockets: string[] = []
const problems: string[] = []

/** The certificate's public key hash, as Chromium's --ignore-certificate-errors-spki-list takes it. */
function spkiHash (pem: string): string {
  return createHash('sha256').update(new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' })).digest('base64')
}

test.before(async () => {
  clinic = await startClinicRelay(['--phone-listen', '127.0.0.1:0', '--tls-cert', CERT_FILE, '--tls-key', KEY_FILE, '--listen', '/ip4/127.0.0.1/tcp/0/ws'])
  const printed = /Phone app: +(\S+)/.exec(clinic.relay.output().stdout)?.[1] ?? ''
  assert.match(printed, /^https:\/\/127\.0\.0\.1:\d+\/phone\/$/)
  port = Number(new URL(printed).port)
  browser = await launchChromium([`--host-resolver-rules=MAP clinic.test 127.0.0.1`, `--ignore-certificate-errors-spki-list=${spkiHash(CERT)}`])
  page = await browser.newPage({ viewport: { width: 412, height: 915 }, isMobile: true, hasTouch: true, locale: 'en-US' })
  page.on('websocket', ws => { sockets.push(ws.url()) })
  page.on('pageerror', e => { problems.push(`page error: ${e.message}`) })
  page.on('console', m => { if (m.type() === 'error') problems.push(`console: ${m.text()}`) })
})

test.after(async () => {
  await browser?.close()
  await clinic?.stop()
})

/** One request to the public server as clinic.test, trusting only the test certificate. */
async function publicRequest (method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<{ status: number, text: string }> {
  return await new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', servername: 'clinic.test', ca: CERT, port, method, path, headers: { host: `clinic.test:${port}`, ...headers } }, res => {
      let text = ''
      res.on('data', (d: Buffer) => { text += d.toString() })
      res.on('end', () => { resolve({ status: res.statusCode ?? 0, text }) })
    })
    req.on('error', reject)
    req.end(body)
  })
}

test('the public server serves the app and /phone/api/ over https, and nothing else; the relay offers wss', async () => {
  const app = await publicRequest('GET', '/phone/')
  assert.is(app.status, 200)
  assert.match(app.text, 'manifest.webmanifest')
  const node = JSON.parse((await publicRequest('GET', '/phone/api/node')).text) as { websockets: string[] }
  assert.ok(node.websockets.some(a => a.includes('/tls/ws/p2p/')), `wss among ${node.websockets.join(' ')}`)
  assert.ok(node.websockets.some(a => /\/tcp\/\d+\/ws\/p2p\//.test(a)), 'ws beside it, for pages of this machine')
  // The clinic's techo:// link carries the wss addresses too.
  const card = await api(clinic.relay.info, 'GET', '/api/clinic/card')
  assert.ok((card.json.addresses as string[]).some(a => a.includes('/tls/ws/')), 'the clinic card names the wss address')
  // No desktop notebook or workspace, no local API, not even with the token.
  for (const path of ['/', '/clinic.html', '/app.js', '/api/status']) {
    assert.is((await publicRequest('GET', path, { authorization: `Bearer ${clinic.relay.info.token}` })).status, 404, path)
  }
})

test('the public server refuses a request from a page of another origin, and a form', async () => {
  const json = { 'content-type': 'application/json' }
  const crossSite = await publicRequest('POST', '/phone/api/sponsor', { ...json, origin: 'https://evil.example' }, '{}')
  assert.equal([crossSite.status, JSON.parse(crossSite.text).error.code], [403, 'ERR_BAD_ORIGIN'])
  const form = await publicRequest('POST', '/phone/api/sponsor', { 'content-type': 'application/x-www-form-urlencoded', origin: `https://clinic.test:${port}` }, 'a=1')
  assert.is(form.status, 415)
})

test('a patient on https://clinic.test signs up, grants the clinic by its link, and a reading added on the phone reaches the relay over wss', async () => {
  await page.goto(`https://clinic.test:${port}/phone/`)
  await signUp(page, PASSPHRASE)
  const uri = (await api(clinic.relay.info, 'GET', '/api/clinic/card')).json.uri as string
  await page.locator('#clinic-code').waitFor()
  await page.fill('#clinic-code', uri)
  await page.click('#grant-code')
  await page.locator('#grant-result', { hasText: 'Granted until' }).waitFor()
  const patient = await patientId(page)
  await addBloodPressure(page, 128, 79)
  await until(async () => await relayHasReading(clinic.relay, patient, 128, 79), 'the reading at the clinic relay')
  assert.ok(sockets.length > 0 && sockets.every(url => url.startsWith('wss://')), `the page opened only wss: ${sockets.join(' ')}`)
  assert.ok(await page.evaluate('navigator.serviceWorker.ready.then(r => r.active !== null)'), 'the app installs: its service worker runs on this https origin')
  assert.equal(problems, [])
})

test('techo serve --phone-listen without a certificate exits with what to give', async () => {
  const run = await techo(clinic.dir, ['serve', '--phone-listen', '0.0.0.0:8443'])
  assert.is(run.code, 2)
  assert.match(run.stderr, '--phone-listen serves the phone app to other devices, which run it only over HTTPS')
  assert.match(run.stderr, '--tls-cert <file> --tls-key <file>')
})

test.run()
