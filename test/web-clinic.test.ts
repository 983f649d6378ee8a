// The clinic workspace and the patient's page in a real headless Chromium, against real `techo
// serve` daemons on a dev chain: a clinic relay named "Sakura Clinic", a practitioner's device of
// that clinic, and a patient. The patient grants from the clinic's techo:// link; the practitioner
// picks the patient and sees the chart, prescribes (a bad value is refused by its field); the
// patient's page shows the prescription and, in the audit, who looked; a revoke on the patient's
// page closes the notebook on the clinic's page while it is open, and so does a second patient's
// short grant running out while the practitioner reads that notebook. Screenshots go to /tmp.
import { startDevChain, type DevChain } from '@techo/devchain'
import { deployConsentContract } from '@techo/ledger'
import { type Browser, type Page } from 'playwright-core'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { launchChromium } from './support/browser.js'
import { api, initParty, removeDir, serve, techo, type Served } from './support/techo.js'
import { until } from './support/until.js'

const DAY = 86_400_000
// Long enough for the grant to reach the practitioner's node and the page to open the notebook on a busy machine.
const SHORT_GRANT_MS = 40_000
const SCREENSHOTS = '/tmp'

let chain: DevChain
let env: Record<string, string>
const dirs = { clinic: '', doctor: '', patient: '', brief: '' }
let clinicId = ''
let patientId = ''
let relayAddress = ''
let relay: Served
let doctor: Served
let patient: Served
let brief: Served
let briefId = ''
/** The second patient's grant ends at this time; a second page of the practitioner's workspace reads that notebook meanwhile. */
let briefExpires = 0
let expiring: Page
let browser: Browser
let workspace: Page
let notebook: Page
const problems: string[] = []

async function newPage (): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US', timezoneId: 'Asia/Tokyo' })
  page.on('pageerror', e => { problems.push(`page error: ${e.message}`) })
  // Refused entries are answered 400 on purpose; Chromium logs those as failed loads.
  page.on('console', m => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`console: ${m.text()}`) })
  return page
}

test.before(async () => {
  chain = await startDevChain({ port: 0, blockIntervalMs: 100 })
  await deployConsentContract({ url: chain.url, chainId: chain.chainId, sponsor: { account: chain.admin.account, secretKey: chain.admin.secretKey } })
  env = { TECHO_CHAIN: chain.url }
  const clinic = await initParty({ party: 'clinic' })
  const [doctorInit, patientInit, briefInit] = await Promise.all([initParty({ join: clinic.party }), initParty(), initParty()])
  ;[dirs.clinic, clinicId, dirs.doctor, dirs.patient, patientId] = [clinic.dir, clinic.party, doctorInit.dir, patientInit.dir, patientInit.party]
  ;[dirs.brief, briefId] = [briefInit.dir, briefInit.party]
  const registered = await techo(dirs.clinic, ['clinic', 'register', '--name', 'Sakura Clinic', '--address', '1-2-3 Sakura, Tokyo'], { passphrase: true, env })
  assert.is(registered.code, 0, registered.stderr)
  const code = /techo device approve (\S+) --role practitioner/.exec((await techo(dirs.doctor, ['device', 'code'], { passphrase: true, env })).stdout)?.[1] ?? ''
  assert.is((await techo(dirs.clinic, ['device', 'approve', code, '--role', 'practitioner'], { passphrase: true, env })).code, 0)

  relay = await serve(dirs.clinic, [], { env })
  relayAddress = /Addresses: +(\S+)/.exec(relay.output().stdout)?.[1] ?? ''
  ;[doctor, patient, brief] = await Promise.all([
    serve(dirs.doctor, ['--bootstrap', relayAddress], { env }),
    serve(dirs.patient, ['--bootstrap', relayAddress], { env }),
    serve(dirs.brief, ['--bootstrap', relayAddress], { env })
  ])
  const yesterday = new Date(Date.now() - DAY).toISOString().replace(/\.\d+Z$/, 'Z')
  assert.is((await api(brief.info, 'POST', '/api/vitals', { body: JSON.stringify({ kind: 'bp', systolic: 117, diastolic: 75, at: yesterday }) })).status, 201)
  for (let d = 10; d >= 1; d--) {
    const at = new Date(Date.now() - d * DAY).toISOString().replace(/\.\d+Z$/, 'Z')
    const res = await api(patient.info, 'POST', '/api/vitals', { body: JSON.stringify({ kind: 'bp', systolic: 120 + d, diastolic: 80, at }) })
    assert.is(res.status, 201, JSON.stringify(res.json))
  }
  browser = await launchChromium()
  ;[workspace, notebook] = await Promise.all([newPage(), newPage()])
})

test.after(async () => {
  await browser?.close()
  await Promise.all([brief, patient, doctor, relay].filter(d => d !== undefined).map(async d => await d.stop('SIGTERM')))
  await chain?.close()
  for (const dir of Object.values(dirs)) if (dir !== '') removeDir(dir)
})

test('the clinic nodes print the workspace\'s address; the relay\'s shows the clinic\'s name and its QR code', async () => {
  assert.match(doctor.output().stdout, /Workspace: +http:\/\/127\.0\.0\.1:\d+\/#token=/)
  await workspace.goto(relay.webUrl)
  await workspace.locator('#who', { hasText: 'Sakura Clinic' }).waitFor()
  await workspace.locator('#qr svg path').waitFor()
  assert.match(await workspace.locator('#qr-uri').textContent() ?? '', `techo://clinic/${clinicId}?name=Sakura+Clinic`)
  assert.match(await workspace.locator('#patients tbody').textContent() ?? '', 'No patient has granted this clinic access yet')
  await workspace.locator('#node-load', { hasText: 'Notebooks: 0 held' }).waitFor()
})

// The grant's end is awaited by the last test: the tests between them run while it counts down.
test('a second patient grants read access for a short while; the practitioner opens that notebook on a second page', async () => {
  briefExpires = Date.now() + SHORT_GRANT_MS
  const granted = await techo(dirs.brief, ['grant', clinicId, '--scope', 'read', '--expires', new Date(briefExpires).toISOString()], { env })
  assert.is(granted.code, 0, granted.stderr)
  expiring = await newPage()
  await expiring.goto(doctor.webUrl)
  await expiring.fill('#patient-search', briefId.slice(0, 6))
  await expiring.locator(`#patients button[data-patient="${briefId}"]`).click()
  await expiring.locator('#patient-heading', { hasText: `Patient ${briefId.slice(0, 8)}` }).waitFor()
  await expiring.locator('#chart circle.series-systolic').first().waitFor()
  assert.ok(Date.now() < briefExpires, 'the page opened the notebook before the grant expired (else the last test proves nothing)')
  assert.is(await expiring.locator('#closed').isVisible(), false)
})

test('the patient grants write access on their page by pasting the clinic\'s techo:// link; a bad link is refused by the field', async () => {
  const card = await api(relay.info, 'GET', '/api/clinic/card')
  assert.match(card.json.addresses[0], `/p2p/${relay.info.peerId}`, 'the relay\'s code names its addresses')
  assert.match(card.json.uri, 'address=1-2-3+Sakura%2C+Tokyo')
  await notebook.goto(patient.webUrl)
  await notebook.locator('#grants tbody', { hasText: 'No clinic has access to your notebook.' }).waitFor()
  await notebook.fill('#grant-clinic', 'techo://clinic/not-a-clinic')
  await notebook.click('#grant-submit')
  const error = notebook.locator('#grant-clinic-error')
  await error.waitFor({ state: 'visible' })
  assert.match(await error.textContent() ?? '', 'is not a clinic\'s techo:// URI')
  assert.is(await notebook.locator('#grant-clinic').getAttribute('aria-invalid'), 'true')

  await notebook.fill('#grant-clinic', card.json.uri)
  assert.is(await error.isVisible(), false)
  await notebook.selectOption('#grant-scope', 'write')
  await notebook.selectOption('#grant-expires', '30')
  await notebook.click('#grant-submit')
  await notebook.locator('#grant-result', { hasText: `Granted Sakura Clinic (${clinicId}) write access` }).waitFor()
  const row = notebook.locator(`#grants tr[data-clinic="${clinicId}"]`)
  await row.waitFor()
  assert.match(await row.textContent() ?? '', /Sakura Clinic.*read and write.*active/)
  const clinics = await techo(dirs.patient, ['clinics'], { env })
  assert.match(clinics.stdout, /Sakura Clinic +\S+ +write +\d{4}-\d\d-\d\d \d\d:\d\d +active/)
})

test('the practitioner picks the patient and sees the same chart', async () => {
  await workspace.goto(doctor.webUrl)
  // The practitioner's node learns the clinic's signed name from the relay.
  await workspace.locator('#who', { hasText: 'Sakura Clinic' }).waitFor()
  const row = workspace.locator(`#patients tr[data-patient="${patientId}"]`)
  await row.waitFor()
  assert.match(await row.textContent() ?? '', 'read and write')
  await workspace.fill('#patient-search', 'no such patient')
  await workspace.locator('#patients tbody', { hasText: 'No patient matches the search.' }).waitFor()
  await workspace.fill('#patient-search', patientId.slice(0, 6))
  await workspace.locator(`#patients button[data-patient="${patientId}"]`).click()
  await workspace.locator('#patient-heading', { hasText: `Patient ${patientId.slice(0, 8)}` }).waitFor()
  await workspace.locator('#chart circle.series-systolic').nth(9).waitFor()
  assert.is(await workspace.locator('#chart circle.series-systolic').count(), 10)
  assert.is(await workspace.locator('#read-only').isVisible(), false)
  assert.equal(await workspace.locator('#forms form h3').allTextContents(), ['Clinical note', 'Diagnosis', 'Allergy', 'Prescription'])
  // The practitioner's node holds the two notebooks it was granted, open while its two pages read them.
  await workspace.locator('#node-load', { hasText: /^Notebooks: 2 held, 2 open in memory \(\d idle, closing when unused\), 2 stored on disk; \d sync sessions?\.$/ }).waitFor()
})

test('a prescription with a bad value is refused next to its field, and nothing is stored', async () => {
  await workspace.fill('#form-prescription-drug', 'amlodipine 5 mg tablet')
  await workspace.fill('#form-prescription-dose', '1 tablet')
  await workspace.fill('#form-prescription-frequency', 'daily')
  await workspace.fill('#form-prescription-prescriber', 'Dr. Mori')
  await workspace.click('#form-prescription-submit')
  const error = workspace.locator('#form-prescription-frequency-error')
  await error.waitFor({ state: 'visible' })
  assert.match(await error.textContent() ?? '', 'is not times per period')
  assert.is(await workspace.locator('#form-prescription-frequency').getAttribute('aria-invalid'), 'true')
  await workspace.fill('#form-prescription-frequency', '1/d')
  await workspace.fill('#form-prescription-refills', '999')
  await workspace.click('#form-prescription-submit')
  const refills = workspace.locator('#form-prescription-refills-error')
  await refills.waitFor({ state: 'visible' })
  assert.match(await refills.textContent() ?? '', 'Refills')
  assert.is(await workspace.locator('#form-prescription-frequency-error').isVisible(), false)
  assert.equal((await api(doctor.info, 'GET', `/api/entries?type=prescription&patient=${patientId}`)).json, [])
})

test('a prescription written by the practitioner shows on the patient\'s page within seconds', async () => {
  await workspace.fill('#form-prescription-refills', '2')
  await workspace.fill('#form-prescription-quantity', '30 tablet')
  await workspace.fill('#form-prescription-route', 'oral')
  await workspace.fill('#form-prescription-start', '2026-12-05')
  await workspace.click('#form-prescription-submit')
  await workspace.locator('#form-prescription-result', { hasText: 'Added the prescription.' }).waitFor()
  await workspace.locator('#medications li', { hasText: 'amlodipine 5 mg tablet' }).waitFor()
  await workspace.screenshot({ path: `${SCREENSHOTS}/web-clinic-workspace.png`, fullPage: true })

  const line = notebook.locator('#medications li', { hasText: 'amlodipine 5 mg tablet' })
  await line.waitFor()
  assert.match(await line.textContent() ?? '', '1 tablet · oral · 1 per d · quantity 30 tablet · 2 refills · from Dec 5, 2026 · active')
  assert.match(await line.textContent() ?? '', 'by Dr. Mori')
  await notebook.locator('#entries td', { hasText: 'Sakura Clinic' }).first().waitFor()
  await notebook.screenshot({ path: `${SCREENSHOTS}/web-clinic-patient.png`, fullPage: true })
})

test('the patient\'s audit shows that the clinic\'s practitioner opened the notebook', async () => {
  await until(async () => ((await api(patient.info, 'GET', '/api/audit')).json as Array<{ kind: string }>).some(e => e.kind === 'viewed'), 'a view receipt in the patient\'s audit')
  await notebook.reload()
  const viewed = notebook.locator('#audit tr', { hasText: 'Sakura Clinic opened your notebook' })
  await viewed.first().waitFor()
  assert.match(await viewed.first().textContent() ?? '', `practitioner device ${doctor.info.peerId}`)
})

test('techo verify proves that the practitioner\'s copy and the patient\'s own notebook hold the digest the patient anchored', async () => {
  let verified = { code: null as number | null, stdout: '', stderr: '' }
  await until(async () => {
    verified = await techo(dirs.doctor, ['verify', '--patient', patientId], { env })
    return verified.code === 0
  }, 'techo verify to succeed on the practitioner\'s copy')
  assert.match(verified.stdout, /Verified: The digest anchored at \S+ \S+ \(sequence \d+, signed by 12D3Koo\w+\) is (the digest|an earlier state) of the notebook held here/)
  const own = await techo(dirs.patient, ['verify'], { env })
  assert.is(own.code, 0, own.stderr)
  assert.match(own.stdout, 'Verified: ')
  const early = await techo(dirs.patient, ['verify', '--at', '2000-01-01'], { env })
  assert.is(early.code, 3)
  assert.match(early.stderr, 'No digest was anchored at or before 2000-01-01')
})

test('the patient revokes on their page; the notebook open on the clinic\'s page closes', async () => {
  await notebook.click(`#grants button[data-clinic="${clinicId}"]`)
  await notebook.locator('#grant-result', { hasText: `Revoked Sakura Clinic (${clinicId})'s access` }).waitFor()
  await notebook.locator(`#grants tr[data-clinic="${clinicId}"]`, { hasText: 'revoked' }).waitFor()
  const closed = workspace.locator('#closed')
  await closed.waitFor({ state: 'visible' })
  assert.match(await closed.textContent() ?? '', 'revoked this clinic\'s access')
  assert.is(await workspace.locator('#patient-view').isVisible(), false)
  await workspace.locator(`#patients tr[data-patient="${patientId}"]`, { hasText: 'revoked' }).waitFor()
  assert.is(await workspace.locator(`#patients button[data-patient="${patientId}"]`).isDisabled(), true)
  await workspace.screenshot({ path: `${SCREENSHOTS}/web-clinic-revoked.png`, fullPage: true })
})

test('granted again for reading only, the notebook opens on the clinic\'s page without forms, saying why', async () => {
  await notebook.fill('#grant-clinic', clinicId)
  await notebook.selectOption('#grant-scope', 'read')
  await notebook.click('#grant-submit')
  await notebook.locator('#grant-result', { hasText: `Granted Sakura Clinic (${clinicId}) read access` }).waitFor()
  await workspace.locator(`#patients tr[data-patient="${patientId}"]`, { hasText: 'read only' }).waitFor()
  await workspace.locator(`#patients button[data-patient="${patientId}"]`).click()
  const readOnly = workspace.locator('#read-only')
  await readOnly.waitFor({ state: 'visible' })
  assert.match(await readOnly.textContent() ?? '', 'granted this clinic read access only: it may read the notebook but not add to it, so there are no forms')
  assert.is(await workspace.locator('#forms form').count(), 0)
  assert.is(await workspace.locator('#closed').isVisible(), false)
})

test('the second patient\'s short grant ends while the practitioner reads the notebook; the clinic\'s page closes it and says it expired', async () => {
  const closed = expiring.locator('#closed', { hasText: 'grant to this clinic expired on' })
  await closed.waitFor({ state: 'visible', timeout: briefExpires - Date.now() + 30_000 })
  assert.match(await closed.textContent() ?? '', 'this node destroyed its copy of the notebook')
  assert.is(await expiring.locator('#patient-view').isVisible(), false)
  await expiring.locator(`#patients tr[data-patient="${briefId}"]`, { hasText: 'expired' }).waitFor()
  assert.is(await expiring.locator(`#patients button[data-patient="${briefId}"]`).isDisabled(), true)
  await expiring.screenshot({ path: `${SCREENSHOTS}/web-clinic-expired.png`, fullPage: true })
})

test('neither page logged a script error or a policy violation', () => {
  assert.equal(problems, [])
})

test.run()
