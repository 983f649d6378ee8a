// The web notebook in a real headless Chromium against a real `techo serve`: a reading added
// through the form lands in the daemon's notebook, the entries table and the chart; a bad reading
// is refused with the notebook's sentence next to the field; nothing is fetched from elsewhere.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { type Browser, type Page } from 'playwright-core'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { launchChromium } from './support/browser.js'
import { api, initPatient, removeDir, serve, type Served } from './support/techo.js'

const DAY = 86_400_000
const Validator = createRequire(import.meta.url)('@asymmetrik/fhir-json-schema-validator')
const validator = new Validator() as { validate: (resource: unknown, verbose: boolean) => unknown[] }

let dir: string
let daemon: Served
let browser: Browser
let page: Page
const requests: string[] = []
const problems: string[] = []

test.before(async () => {
  ({ dir } = await initPatient())
  daemon = await serve(dir)
  await seed()
  browser = await launchChromium()
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US', timezoneId: 'Asia/Tokyo' })
  page.on('request', r => { requests.push(r.url()) })
  page.on('pageerror', e => { problems.push(`page error: ${e.message}`) })
  // The refused readings are answered 400 on purpose; Chromium logs those as failed loads.
  page.on('console', m => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`console: ${m.text()}`) })
})

test.after(async () => {
  await browser?.close()
  await daemon?.stop('SIGTERM')
  removeDir(dir)
})

// A month of readings and a few records, so the page shows what a patient would see.
async function seed (): Promise<void> {
  const post = async (path: string, body: object): Promise<void> => {
    const res = await api(daemon.info, 'POST', path, { body: JSON.stringify(body) })
    assert.is(res.status, 201, JSON.stringify(res.json))
  }
  for (let d = 28; d >= 1; d--) {
    const at = new Date(Date.now() - d * DAY).toISOString().replace(/\.\d+Z$/, 'Z')
    await post('/api/vitals', { kind: 'bp', systolic: 118 + (d * 7) % 13, diastolic: 76 + (d * 5) % 8, at })
    await post('/api/vitals', { kind: 'pulse', value: 62 + (d * 3) % 12, at })
  }
  await post('/api/entries/allergy', { code: 'peanut', criticality: 'high', reaction: 'hives', category: 'food' })
  await post('/api/entries/medication', { medication: 'loratadine 10 mg', dosage: 'once daily' })
  await post('/api/entries/condition', { code: 'Seasonal allergic rhinitis', at: '2019-04-02' })
}

async function bpCount (): Promise<number> {
  return (await api(daemon.info, 'GET', '/api/entries?type=vital&kind=bp')).json.length
}

test('the page opens with the printed link, hides the token and shows the notebook', async () => {
  await page.goto(daemon.webUrl)
  await page.locator('#peer-id').waitFor()
  assert.is(await page.locator('#peer-id').textContent(), daemon.info.peerId)
  assert.is(new URL(page.url()).hash, '')
  await page.locator('#chart circle.series-systolic').nth(27).waitFor()
  assert.is(await page.locator('#chart circle.series-systolic').count(), 28)
  assert.match(await page.locator('#allergies').textContent() ?? '', 'peanut')
  assert.match(await page.locator('#medications').textContent() ?? '', 'loratadine 10 mg')
  assert.match(await page.locator('#conditions').textContent() ?? '', 'Seasonal allergic rhinitis')
  // The panels fill in independently: wait for the audit log's rows before counting them.
  await page.locator('#audit tbody tr').nth(50).waitFor()
  assert.ok(await page.locator('#audit tbody tr').count() > 50)
})

test('a reading added through the form is stored, listed in the table and drawn in the chart', async () => {
  const before = await bpCount()
  await page.selectOption('#add-kind', 'bp')
  await page.fill('#add-systolic', '131')
  await page.fill('#add-diastolic', '86')
  await page.click('#add-submit')
  await page.locator('#add-result', { hasText: 'Added blood pressure 131/86 mmHg.' }).waitFor()
  const stored = (await api(daemon.info, 'GET', '/api/entries?type=vital&kind=bp')).json as Array<{ id: string, systolic: number, diastolic: number }>
  assert.is(stored.length, before + 1)
  const entry = stored.find(e => e.systolic === 131 && e.diastolic === 86)
  assert.ok(entry !== undefined)
  const row = page.locator(`#entries tr[data-id="${entry.id}"]`)
  const dots = page.locator(`#chart circle[data-id="${entry.id}"]`)
  await row.waitFor()
  await dots.first().waitFor()
  assert.match(await row.textContent() ?? '', '131/86 mmHg')
  assert.is(await row.getAttribute('class'), 'new')
  assert.is(await dots.count(), 2)
  assert.match(await dots.first().locator('title').textContent() ?? '', 'Systolic pressure 131 mmHg')
  assert.match(await page.locator('#chart-stats').textContent() ?? '', 'Latest 131/86 mmHg')
})

test('bp 300/20 is refused with the notebook\'s sentence next to the field, and nothing is stored', async () => {
  const before = await bpCount()
  await page.fill('#add-systolic', '300')
  await page.fill('#add-diastolic', '20')
  await page.click('#add-submit')
  const error = page.locator('#value-error')
  await error.waitFor({ state: 'visible' })
  assert.is(await error.textContent(), 'Systolic pressure 300 mm[Hg] is out of range (50–260).')
  assert.is(await page.locator('#add-systolic').getAttribute('aria-invalid'), 'true')
  assert.is(await page.locator('#add-systolic').getAttribute('aria-describedby'), 'value-error')
  assert.is(await page.locator('#at-error').isVisible(), false)
  assert.is(await bpCount(), before)
})

test('a time in the future is refused next to the time field, and the message goes once it is corrected', async () => {
  await page.fill('#add-systolic', '120')
  await page.fill('#add-diastolic', '80')
  await page.fill('#add-at', '2099-01-01T09:00')
  await page.click('#add-submit')
  const error = page.locator('#at-error')
  await error.waitFor({ state: 'visible' })
  assert.match(await error.textContent() ?? '', 'Reading time 2099-01-01T09:00:00+09:00 is in the future')
  assert.is(await page.locator('#value-error').isVisible(), false)
  await page.fill('#add-at', '')
  assert.is(await error.isVisible(), false)
  assert.is(await page.locator('#add-at').getAttribute('aria-invalid'), null)
  await page.fill('#add-systolic', '')
  await page.fill('#add-diastolic', '')
})

test('an allergy recorded through its form is listed; a date in the future is refused next to the date field', async () => {
  await page.fill('#form-allergy-code', 'penicillin')
  await page.selectOption('#form-allergy-criticality', 'high')
  await page.fill('#form-allergy-at', '2099-01-01')
  await page.click('#form-allergy-submit')
  const error = page.locator('#form-allergy-at-error')
  await error.waitFor({ state: 'visible' })
  assert.match(await error.textContent() ?? '', 'in the future')
  assert.is(await page.locator('#form-allergy-at').getAttribute('aria-invalid'), 'true')
  assert.is(await page.locator('#form-allergy-code-error').isVisible(), false)
  await page.fill('#form-allergy-at', '')
  assert.is(await error.isVisible(), false)
  await page.click('#form-allergy-submit')
  await page.locator('#form-allergy-result', { hasText: 'Added the allergy.' }).waitFor()
  await page.locator('#allergies li', { hasText: 'penicillin' }).waitFor()
  const stored = (await api(daemon.info, 'GET', '/api/entries?type=allergy')).json as Array<{ code: { text: string }, criticality?: string }>
  assert.is(stored.find(a => a.code.text === 'penicillin')?.criticality, 'high')
})

test('a note without its text is refused by the text field before anything is sent', async () => {
  await page.fill('#form-note-title', 'Headache')
  await page.click('#form-note-submit')
  await page.locator('#form-note-text-error', { hasText: 'Note is missing; fill it in.' }).waitFor()
  await page.fill('#form-note-text', 'After the long flight.')
  await page.click('#form-note-submit')
  await page.locator('#form-note-result', { hasText: 'Added the note.' }).waitFor()
  assert.is((await api(daemon.info, 'GET', '/api/entries?type=note')).json[0]?.title, 'Headache')
})

test('choosing another kind and range redraws the chart', async () => {
  await page.selectOption('#chart-kind', 'pulse')
  await page.locator('#chart circle.series-value').first().waitFor()
  assert.is(await page.locator('#chart circle.series-value').count(), 28)
  await page.click('text=7 days')
  await page.waitForFunction(() => document.querySelectorAll('#chart circle.series-value').length < 28)
  assert.is(await page.locator('#chart circle.series-value').count(), 6)
  await page.click('text=30 days')
  await page.selectOption('#chart-kind', 'bp')
  await page.waitForFunction(() => document.querySelectorAll('#chart circle.series-systolic').length === 29)
  await page.screenshot({ path: '/tmp/web-notebook.png', fullPage: true })
})

test('the page fetched nothing from anywhere but the daemon, and logged no errors (no script errors, no policy violations)', () => {
  assert.ok(requests.length > 5)
  assert.equal(requests.filter(url => !url.startsWith(daemon.info.url + '/')), [])
  assert.equal(problems, [])
})

test('an imported hospital record shows its immunizations, visits and prescriptions; the patient summary downloads as a valid IPS, the whole notebook as a FHIR Bundle', async () => {
  const bundle = readFileSync(new URL('../fixtures/fhir/synthea-patient-a.json', import.meta.url), 'utf8')
  const res = await fetch(`${daemon.info.url}/api/fhir`, { method: 'POST', headers: { authorization: `Bearer ${daemon.info.token}`, 'content-type': 'application/json' }, body: bundle })
  const lines = (await res.text()).trim().split('\n').map(line => JSON.parse(line) as { result?: { added: Record<string, number> } })
  assert.is(lines.at(-1)?.result?.added.immunization, 6)
  await page.reload()
  await page.locator('#immunizations li', { hasText: 'Influenza, seasonal, injectable, preservative free' }).first().waitFor()
  assert.match(await page.locator('#medications').textContent() ?? '', 'Loratadine 5 MG Chewable Tablet')
  assert.match(await page.locator('#medications').textContent() ?? '', 'prescription')
  assert.match(await page.locator('#visits').textContent() ?? '', 'General examination of patient (procedure)')
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#ips-download')])
  assert.match(download.suggestedFilename(), /^patient-summary-\d{4}-\d{2}-\d{2}\.json$/)
  const ips = JSON.parse(readFileSync(await download.path(), 'utf8')) as { type: string, entry: Array<{ resource: { resourceType: string, section?: Array<{ title: string }> } }> }
  assert.equal(validator.validate(ips, true), [])
  assert.is(ips.type, 'document')
  assert.ok(ips.entry[0]?.resource.section?.some(s => s.title === 'Immunizations'))
  await page.locator('#download-result', { hasText: 'Saved patient-summary-' }).waitFor()
  const [whole] = await Promise.all([page.waitForEvent('download'), page.click('#fhir-download')])
  assert.match(whole.suggestedFilename(), /^health-notebook-\d{4}-\d{2}-\d{2}\.json$/)
  const notebook = JSON.parse(readFileSync(await whole.path(), 'utf8')) as { type: string, entry: Array<{ resource: { resourceType: string, code?: { coding?: Array<{ code: string }> } } }> }
  assert.equal(validator.validate(notebook, true), [])
  assert.is(notebook.type, 'collection')
  const kinds = new Set(notebook.entry.map(e => e.resource.resourceType))
  for (const kind of ['Patient', 'Observation', 'Immunization', 'AllergyIntolerance']) assert.ok(kinds.has(kind), `the bundle holds a ${kind}`)
  const bp = notebook.entry.filter(e => e.resource.code?.coding?.some(c => c.code === '85354-9'))
  assert.is(bp.length, await bpCount(), 'every blood pressure reading')
  await page.locator('#download-result', { hasText: 'Saved health-notebook-' }).waitFor()
  assert.equal(problems, [], 'no script errors or policy violations from the download')
})

test('a page opened with a wrong token says what to do instead of showing data', async () => {
  const other = await browser.newPage()
  try {
    await other.goto(`${daemon.info.url}/#token=not-the-token`)
    const notice = other.locator('#notice')
    await notice.waitFor({ state: 'visible' })
    assert.match(await notice.textContent() ?? '', 'open the link it printed')
    assert.is(await other.locator('#entries tbody tr').count(), 0)
  } finally {
    await other.close()
  }
})

test.run()
