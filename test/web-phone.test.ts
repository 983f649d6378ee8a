// The phone app in a real headless Chromium: the page is itself the patient's Techo node. A clinic
// runs its relay (`techo serve`) against a dev chain; the page, served by that relay, signs up (a
// recovery phrase shown once), joins the chain through the relay's sponsor, grants the clinic by
// scanning its QR code (Chromium's fake camera shows the code of the clinic's techo:// URI), and
// a reading added on the phone reaches the clinic's replica over WebSockets. The vault is then read
// straight from IndexedDB: nothing of the notebook is there in the clear. A second browser profile
// restores the patient from the phrase, gets the notebook back from the clinic and removes the first
// (lost) phone, which the chain then refuses; the first phone withdraws the grant (its master key
// still signs consent); with the clinic's node gone, the installed app still opens the notebook
// from the phone alone, and exports it as FHIR and as a patient summary.
import { masterKeyFromSeed } from '@techo/identity'
import { CONSENT_CONTRACT_NAME, LedgerReader } from '@techo/ledger'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { qrModules } from '../node/src/cli/qr-code.js'
import { launchChromium } from './support/browser.js'
import { relayHasReading, startClinicRelay, type ClinicRelay } from './support/clinic-relay.js'
import { fakeCameraArgs, qrCameraFile } from './support/fake-camera.js'
import { addBloodPressure, patientId, signUp } from './support/phone-page.js'
import { api, removeDir, type Served } from './support/techo.js'
import { EVENT_DEADLINE_MS, until } from './support/until.js'

const PASSPHRASE = 'a phone passphrase, long enough to pass'

let clinic: ClinicRelay
let clinicId = ''
let clinicUri = ''
let cameraDir = ''
let relay: Served
let browser: Browser
let page: Page
let phrase = ''
let appUrl = ''
/** Bytes on the wire for each of the app's own files (not its API calls), by URL. */
const transferred = new Map<string, number>()
let patient = ''
const problems: string[] = []

test.before(async () => {
  clinic = await startClinicRelay()
  ;[clinicId, relay] = [clinic.id, clinic.relay]
  appUrl = /Phone app: +(\S+)/.exec(relay.output().stdout)?.[1] ?? ''
  // The phone's camera sees the clinic's QR code, as `techo qr` shows it.
  clinicUri = (await api(relay.info, 'GET', '/api/clinic/card')).json.uri
  cameraDir = mkdtempSync(join(tmpdir(), 'techo-camera-'))
  browser = await launchChromium(fakeCameraArgs(qrCameraFile(cameraDir, clinicUri)))
  page = await browser.newPage({ viewport: { width: 412, height: 915 }, isMobile: true, hasTouch: true, locale: 'en-US' })
  // Every camera the page opens is kept here, so the test sees that each was given back.
  await page.addInitScript(`{
    const open = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices)
    window.cameras = []
    navigator.mediaDevices.getUserMedia = async constraints => { const stream = await open(constraints); window.cameras.push(stream); return stream }
  }`)
  page.on('pageerror', e => { problems.push(`page error: ${e.message}`) })
  page.on('requestfinished', r => {
    if (r.url().startsWith(appUrl) && !r.url().startsWith(`${appUrl}api/`)) void r.sizes().then(s => { transferred.set(r.url(), s.responseHeadersSize + s.responseBodySize) })
  })
  // A refused connection is logged by Chromium itself (the clinic's node stops in the last test).
  page.on('console', m => { if (m.type() === 'error' && !m.text().includes('net::ERR_')) problems.push(`console: ${m.text()}`) })
})

test.after(async () => {
  await browser?.close()
  await clinic?.stop()
  if (cameraDir !== '') removeDir(cameraDir)
})

/** Clicks a download button of the first phone's page and returns the file it saved, parsed. */
async function downloaded (button: string): Promise<unknown> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)])
  return JSON.parse(readFileSync(await download.path(), 'utf8'))
}

test('techo serve offers the app; it loads gzipped, under 1.6 MB on the wire', async () => {
  assert.is(appUrl, `${relay.info.url}/phone/`)
  await page.goto(appUrl)
  await page.locator('#passphrase').waitFor()
  await until(() => transferred.has(`${appUrl}automerge.wasm`) && transferred.has(`${appUrl}app.js`), 'the app\'s files to load')
  const total = [...transferred.values()].reduce((a, b) => a + b, 0)
  console.log(`  the app transferred ${(total / 1024).toFixed(0)} KiB in ${transferred.size} files`)
  assert.ok(total < 1.6 * 1024 * 1024, `${total} bytes`)
})

/** How many cameras the page opened, and how many of those it has not given back. */
async function cameras (p: Page): Promise<{ opened: number, live: number }> {
  return await p.evaluate('({ opened: window.cameras.length, live: window.cameras.filter(s => s.getTracks().some(t => t.readyState === "live")).length })')
}

test('a patient signs up in the page, grants the clinic by scanning its QR code, and a reading added on the phone reaches the clinic relay', async () => {
  const words = await signUp(page, PASSPHRASE)
  assert.ok(words.length >= 12, 'a recovery phrase of at least 12 words')
  phrase = words.join(' ')
  await page.locator('#scan-clinic').waitFor()
  // The form is submitted once the camera has read the code (a string: the page's policy runs no eval).
  const submitted = page.evaluate('new Promise(resolve => { document.getElementById("code-form").addEventListener("submit", () => { resolve() }, { once: true }) })')
  const scanned = Date.now()
  await page.click('#scan-clinic')
  await submitted
  const reader = await page.evaluate('"BarcodeDetector" in window ? "the browser\'s BarcodeDetector" : "jsQR (qr-decoder.js)"')
  console.log(`  the camera read the clinic's QR code with ${reader as string} ${Date.now() - scanned} ms after the click`)
  await page.locator('#grant-result', { hasText: 'Granted until' }).waitFor()
  assert.is(await page.inputValue('#clinic-code'), clinicUri, 'the scanned link fills the field, as a paste would')
  assert.equal(await cameras(page), { opened: 1, live: 0 }, 'the camera is given back once the code is read')
  assert.ok(await page.locator('#revoke-clinic').isVisible(), 'the clinic can be withdrawn')
  patient = await patientId(page)

  const added = Date.now()
  await addBloodPressure(page, 131, 84)
  await until(async () => await relayHasReading(relay, patient, 131, 84), 'the reading at the clinic relay')
  console.log(`  a reading added on the phone reached the clinic relay in ${Date.now() - added} ms`)
})

test('the camera says what it sees that is no clinic\'s code, and what it cannot do; it is given back on cancel and on error', async () => {
  // A camera that shows another QR code: a canvas, drawn by the page, streamed as the camera.
  const other = 'https://example.com/pay?id=1'
  await page.evaluate(`{
    const rows = ${JSON.stringify(qrModules(other).map(row => row.map(dark => dark ? 1 : 0)))}
    const canvas = document.createElement('canvas')
    canvas.width = canvas.height = (rows.length + 8) * 6
    const g = canvas.getContext('2d')
    const draw = () => {
      g.fillStyle = '#fff'; g.fillRect(0, 0, canvas.width, canvas.height); g.fillStyle = '#000'
      rows.forEach((row, r) => row.forEach((dark, c) => { if (dark) g.fillRect((c + 4) * 6, (r + 4) * 6, 6, 6) }))
    }
    draw()
    setInterval(draw, 100)
    navigator.mediaDevices.getUserMedia = async () => { const stream = canvas.captureStream(10); window.cameras.push(stream); return stream }
  }`)
  await page.click('#scan-clinic')
  await page.locator('#scan-note', { hasText: `"${other}") is not a Techo clinic's link: point the camera at the code the clinic shows.` }).waitFor()
  assert.equal(await cameras(page), { opened: 2, live: 1 })
  await page.click('#scan-cancel')
  await page.locator('#scan-clinic').waitFor()
  assert.ok(await page.locator('#scan-video').isHidden())
  assert.equal(await cameras(page), { opened: 2, live: 0 }, 'cancel gives the camera back')

  await page.evaluate('navigator.mediaDevices.getUserMedia = async () => { throw new DOMException("Permission denied", "NotAllowedError") }')
  await page.click('#scan-clinic')
  await page.locator('#clinic-code-error', { hasText: 'The camera was not allowed: let this app use the camera in the browser\'s site settings and scan again, or paste the clinic\'s techo:// link instead.' }).waitFor()
  await page.evaluate('navigator.mediaDevices.getUserMedia = async () => { throw new DOMException("Requested device not found", "NotFoundError") }')
  await page.click('#scan-clinic')
  await page.locator('#clinic-code-error', { hasText: 'This device has no camera the app can use' }).waitFor()

  // A pasted code of a clinic this app does not sync with is refused before anything is signed.
  const elsewhere = masterKeyFromSeed(randomBytes(32)).id
  await page.fill('#clinic-code', `techo://clinic/${elsewhere}`)
  await page.click('#grant-code')
  await page.locator('#clinic-code-error', { hasText: 'whose node served it: open the app from' }).waitFor()
  await page.fill('#clinic-code', clinicUri)
  await page.click('#grant-code')
  await page.locator('#grant-result', { hasText: 'Sakura Clinic already has access to your notebook.' }).waitFor()
})

test('the vault in IndexedDB holds the notebook encrypted: no code, unit or id in the clear', async () => {
  // A string, not a function: the test runner's compiler would add helpers the page does not have.
  const dump = await page.evaluate(`(async () => {
    const names = (await indexedDB.databases()).map(d => d.name)
    const texts = []
    const asText = v => v instanceof Uint8Array || v instanceof ArrayBuffer ? new TextDecoder('latin1').decode(v) : String(v)
    for (const name of names) {
      const db = await new Promise((resolve, reject) => { const r = indexedDB.open(name); r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error) })
      for (const store of Array.from(db.objectStoreNames)) {
        await new Promise((resolve, reject) => {
          const req = db.transaction(store).objectStore(store).openCursor()
          req.onsuccess = () => { const c = req.result; if (c === null) { resolve(); return } texts.push(asText(c.key), asText(c.value)); c.continue() }
          req.onerror = () => reject(req.error)
        })
      }
      db.close()
    }
    return { names, texts }
  })()`) as { names: string[], texts: string[] }
  assert.ok(dump.names.length > 0, 'the vault is in IndexedDB')
  const all = dump.texts.join('\n')
  assert.ok(all.length > 2000, `the vault holds the notebook (${all.length} characters)`)
  for (const plain of ['8480-6', '85354-9', 'mm[Hg]', 'Blood pressure', clinicId]) assert.not.ok(all.includes(plain), `"${plain}" is not in the vault in the clear`)
})

test('on a second browser profile the recovery phrase restores the patient, and the notebook comes back from the clinic', async () => {
  const context = await browser.newContext({ viewport: { width: 412, height: 915 }, isMobile: true, locale: 'en-US' })
  try {
    const second = await context.newPage()
    second.on('pageerror', e => { problems.push(`second profile: ${e.message}`) })
    await second.goto(appUrl)
    await second.click('#restore summary')
    await second.fill('#restore-phrase', phrase)
    await second.fill('#restore-passphrase', PASSPHRASE)
    await second.click('#restore-submit')
    assert.is(await patientId(second), patient, 'the same patient')
    const started = Date.now()
    await second.locator('#entries tbody', { hasText: '131/84' }).waitFor()
    console.log(`  the restored profile had the notebook back ${Date.now() - started} ms after its node started`)
    const lost = await page.locator('#peer-id').textContent() ?? ''
    assert.not.equal(await second.locator('#peer-id').textContent(), lost, 'a new device of the patient')
    // The first phone is the lost one: the restored phone removes it, after a confirmation.
    const row = second.locator(`#devices li[data-device="${lost}"]`)
    await row.locator('.remove-device').click()
    await row.locator('.confirm-remove').click()
    await second.locator('#devices-result', { hasText: 'Removed phone' }).waitFor({ timeout: EVENT_DEADLINE_MS })
    assert.is((await new LedgerReader({ url: clinic.chain.url, contract: CONSENT_CONTRACT_NAME }).device(lost))?.active, false, 'the chain says the lost phone is revoked')
    await row.locator('.state', { hasText: 'removed' }).waitFor()
    assert.is(await row.locator('.remove-device').count(), 0, 'a removed phone has nothing left to remove')
    await page.locator('#devices-result', { hasText: 'This phone was removed' }).waitFor({ timeout: EVENT_DEADLINE_MS })
    assert.is(await page.locator('#devices .remove-device').count(), 0, 'the lost phone removes no other')
  } finally {
    await context.close()
  }
})

test('withdrawing the grant from the phone makes the clinic relay destroy its copy', async () => {
  await page.click('#revoke-clinic')
  await page.locator('#grant-result', { hasText: 'Withdrawn' }).waitFor()
  await until(async () => (await api(relay.info, 'GET', `/api/entries?type=vital&patient=${patient}`)).json?.error?.code === 'ERR_ACCESS_REVOKED', 'the clinic relay to destroy its copy')
  assert.ok(await page.locator('#grant-clinic').isVisible(), 'the clinic can be granted again')
})

test('installed, the app opens the notebook with the clinic\'s node gone and the phone offline', async () => {
  assert.ok(await page.evaluate('navigator.serviceWorker.ready.then(r => r.active !== null)'), 'the service worker is active')
  const manifest = await page.evaluate('fetch(document.querySelector(\'link[rel="manifest"]\').href).then(r => r.json())') as { name: string, start_url: string, display: string }
  assert.is(manifest.display, 'standalone')
  await relay.stop('SIGTERM')
  await page.context().setOffline(true)
  // A mid-range phone, as Chromium's CPU throttling makes one: the figures go to the log.
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 })
  try {
    const reloaded = Date.now()
    await page.reload()
    await page.locator('#passphrase').waitFor({ timeout: 2 * EVENT_DEADLINE_MS })
    const shown = Date.now()
    await page.fill('#passphrase', PASSPHRASE)
    await page.click('#welcome-submit')
    await page.locator('#chart circle.series-systolic').first().waitFor({ timeout: 4 * EVENT_DEADLINE_MS })
    console.log(`  4x CPU throttling, offline: app ready in ${shown - reloaded} ms, first chart ${Date.now() - shown} ms after unlock`)
    await page.locator('#connection', { hasText: 'Offline' }).waitFor()
    await page.locator('#entries tbody', { hasText: '131/84' }).waitFor()
    // Both exports come from the phone's own notebook: no node needed.
    const ips = await downloaded('#ips-download') as { type: string, entry: Array<{ resource: { resourceType: string } }> }
    assert.is(ips.type, 'document')
    assert.is(ips.entry[0]?.resource.resourceType, 'Composition')
    const whole = await downloaded('#fhir-download') as { resourceType: string, type: string, entry: Array<{ resource: { resourceType: string, component?: Array<{ valueQuantity?: { value: number } }> } }> }
    assert.is(whole.resourceType, 'Bundle')
    assert.is(whole.type, 'collection')
    assert.ok(whole.entry.some(e => e.resource.resourceType === 'Observation' && e.resource.component?.map(c => c.valueQuantity?.value).join('/') === '131/84'), 'the reading added on the phone')
  } finally {
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 })
    await page.context().setOffline(false)
  }
})

test('the pages raised no errors', () => {
  assert.equal(problems, [])
})

test.run()
