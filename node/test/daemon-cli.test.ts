// While `techo serve` runs, other techo commands work through it: no passphrase, the same results
// and the same errors and exit codes; and its API answers only with the token, in JSON.
import { statSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { api, initPatient, removeDir, serve, techo, type Served } from '../../test/support/techo.js'
import { techoHere } from '../../test/support/techo-here.js'

const SYNTHEA_A = fileURLToPath(new URL('../../fixtures/fhir/synthea-patient-a.json', import.meta.url))

let dir: string
let peerId: string
let daemon: Served

test.before(async () => {
  ({ dir, peerId } = await initPatient())
  daemon = await serve(dir)
})

test.after(async () => {
  await daemon?.stop('SIGTERM')
  removeDir(dir)
})

test('serve prints its PeerId, addresses and web notebook URL, and writes daemon.json for this user only', () => {
  const { stdout } = daemon.output()
  assert.match(stdout, `Peer ID:       ${peerId}`)
  const address = /Addresses: +(\S+)/.exec(stdout)?.[1] ?? ''
  assert.match(address, new RegExp(`^/ip4/127\\.0\\.0\\.1/tcp/\\d+/p2p/${peerId}$`))
  assert.is(daemon.webUrl, `${daemon.info.url}/#token=${daemon.info.token}`)
  assert.match(daemon.info.url, /^http:\/\/127\.0\.0\.1:\d+$/)
  assert.is(daemon.info.pid, daemon.child.pid)
  assert.is(daemon.info.peerId, peerId)
  assert.is(statSync(join(dir, 'daemon.json')).mode & 0o777, 0o600)
})

test('vitals add from another process goes through the daemon without a passphrase, and show --json sees it', async () => {
  const added = await techoHere(dir, ['vitals', 'add', 'bp', '128/82', '--at', '2026-01-15T08:30:00+09:00'])
  assert.is(added.stderr, '')
  assert.is(added.code, 0)
  assert.match(added.stdout, 'Added blood pressure 128/82 mmHg at 2026-01-15T08:30:00+09:00.')
  const shown = await techoHere(dir, ['show', '--json', '--type', 'bp'])
  assert.is(shown.code, 0)
  const entries = JSON.parse(shown.stdout) as Array<{ systolic: number, diastolic: number, at: string }>
  assert.equal(entries.map(e => [e.systolic, e.diastolic, e.at]), [[128, 82, '2026-01-15T08:30:00+09:00']])
  // It is in the daemon's notebook, written by the daemon's device, with its audit event.
  const viaApi = await api(daemon.info, 'GET', '/api/entries?type=vital&kind=bp')
  assert.equal(viaApi.json, entries)
  const audit = await api(daemon.info, 'GET', '/api/audit')
  const event = (audit.json as Array<{ kind: string, detail: string, peer: string }>).find(e => e.detail.includes('128/82'))
  assert.is(event?.kind, 'write')
  assert.is(event?.peer, peerId)
})

test('a bad reading exits 1 with the sentence, whether the CLI or the daemon catches it, and writes nothing', async () => {
  const before = (await api(daemon.info, 'GET', '/api/entries')).json.length
  const reading = await techoHere(dir, ['vitals', 'add', 'bp', '300/20'])
  assert.is(reading.code, 1)
  assert.is(reading.stderr, 'Systolic pressure 300 mm[Hg] is out of range (50–260).\n')
  // The allergy's criticality is checked only by the notebook, in the daemon: its error comes back whole.
  const allergy = await techoHere(dir, ['add', 'allergy', 'peanut', '--criticality', 'extreme'])
  assert.is(allergy.code, 1)
  assert.is(allergy.stderr, 'Allergy criticality "extreme" is not one of low, high, unable-to-assess.\n')
  assert.is((await api(daemon.info, 'GET', '/api/entries')).json.length, before)
})

test('concurrent writes through the API are each stored once, with their audit events', async () => {
  const before = (await api(daemon.info, 'GET', '/api/entries?type=vital&kind=steps')).json.length
  const posts = Array.from({ length: 20 }, async (_, i) =>
    await api(daemon.info, 'POST', '/api/vitals', { body: JSON.stringify({ kind: 'steps', value: 5000 + i }) }))
  const answers = await Promise.all(posts)
  assert.equal(answers.map(a => a.status), Array(20).fill(201))
  const stored = (await api(daemon.info, 'GET', '/api/entries?type=vital&kind=steps')).json as Array<{ value: number }>
  assert.is(stored.length, before + 20)
  assert.equal(stored.map(e => e.value).sort(), answers.map(a => a.json.value).sort())
  const audit = (await api(daemon.info, 'GET', '/api/audit')).json as Array<{ detail: string }>
  assert.is(audit.filter(e => /added steps 50\d\d/.test(e.detail)).length, 20)
})

test('a real Synthea bundle imports through the daemon and exports back as FHIR', async () => {
  const imported = await techoHere(dir, ['import', SYNTHEA_A])
  assert.is(imported.stderr, '')
  assert.is(imported.code, 0)
  const total = Number(/Imported (\d+) entries/.exec(imported.stdout)?.[1])
  assert.ok(total > 50, imported.stdout)
  const again = await techoHere(dir, ['import', SYNTHEA_A])
  assert.match(again.stdout, `Already in your notebook (not added again): ${total}.`)
  const exported = await techoHere(dir, ['export', '--fhir', '-'])
  const bundle = JSON.parse(exported.stdout) as { resourceType: string, entry: Array<{ resource: { resourceType: string } }> }
  assert.is(bundle.resourceType, 'Bundle')
  // The notebook's own Patient first, then one resource per notebook entry (the hospital's Patient record among them).
  assert.is(bundle.entry[0]?.resource.resourceType, 'Patient')
  assert.is(bundle.entry.length, 1 + (await api(daemon.info, 'GET', '/api/entries')).json.length)
})

test('the API answers 401 without the token, or with a wrong one, and 403 to another Host', async () => {
  for (const token of [null, 'not-the-token', `${daemon.info.token}x`]) {
    const res = await api(daemon.info, 'GET', '/api/whoami', { token })
    assert.is(res.status, 401)
    assert.is(res.headers.get('www-authenticate'), 'Bearer')
    assert.is(res.json.error.code, 'ERR_NOT_AUTHORISED')
  }
  const inQuery = await api(daemon.info, 'GET', `/api/entries?token=${daemon.info.token}`, { token: null })
  assert.is(inQuery.status, 401)
  // A page that rebinds its own DNS name to 127.0.0.1 still names itself in Host (which fetch cannot set).
  const rebound = await rawGet(daemon.info.url + '/api/whoami', { host: 'evil.example', authorization: `Bearer ${daemon.info.token}` })
  assert.is(rebound.status, 403)
  assert.is(JSON.parse(rebound.body).error.code, 'ERR_BAD_HOST')
  const page = await rawGet(daemon.info.url + '/', { host: 'evil.example' })
  assert.is(page.status, 403)
})

test('API errors carry the notebook\'s code and sentence: 4xx for bad input, never 5xx', async () => {
  const bad = await api(daemon.info, 'POST', '/api/vitals', { body: JSON.stringify({ kind: 'temp', value: 98.6 }) })
  assert.is(bad.status, 400)
  // The field the sentence is about comes too, so a form can show it beside that field.
  assert.equal(bad.json, { error: { code: 'ERR_BAD_READING', message: 'Body temperature 98.6 Cel is out of range (25–45); it looks like Fahrenheit, so enter it in Celsius: temp 37.0.', field: 'value' } })
  const cases: Array<[string, string, string | undefined, number, string]> = [
    ['POST', '/api/vitals', '{"kind": "pulse", ', 400, 'ERR_BAD_JSON'],
    ['POST', '/api/vitals', '[1, 2]', 400, 'ERR_BAD_JSON'],
    ['POST', '/api/vitals', JSON.stringify({ kind: 'pulse', value: 70, note: 'x'.repeat(70_000) }), 413, 'ERR_PAYLOAD_TOO_LARGE'],
    ['POST', '/api/entries/surgery', '{}', 404, 'ERR_NOT_FOUND'],
    ['GET', '/api/entries?type=vital&knd=bp', undefined, 400, 'ERR_BAD_QUERY'],
    ['GET', '/api/entries?since=yesterday', undefined, 400, 'ERR_BAD_ENTRY'],
    ['GET', '/api/audit?limit=0', undefined, 400, 'ERR_BAD_QUERY'],
    ['DELETE', '/api/entries', undefined, 405, 'ERR_METHOD_NOT_ALLOWED'],
    ['GET', '/api/nothing-here', undefined, 404, 'ERR_NOT_FOUND']
  ]
  for (const [method, path, body, status, code] of cases) {
    const res = await api(daemon.info, method, path, body === undefined ? {} : { body })
    assert.is(res.status, status, `${method} ${path}`)
    assert.is(res.json.error.code, code, `${method} ${path}`)
    assert.type(res.json.error.message, 'string')
  }
})

test('status reports the peer id, addresses and uptime', async () => {
  const { status, json } = await api(daemon.info, 'GET', '/api/status')
  assert.is(status, 200)
  assert.is(json.peerId, peerId)
  assert.is(json.role, 'patient')
  assert.ok(json.addresses.length > 0 && json.addresses.every((a: string) => a.endsWith(`/p2p/${peerId}`)))
  assert.ok(Number.isInteger(json.uptimeSeconds) && json.uptimeSeconds >= 0)
  assert.ok(Date.parse(json.startedAt) <= Date.now())
})

test('the web notebook is served at / with a policy that allows nothing from elsewhere', async () => {
  const page = await fetch(daemon.info.url + '/')
  assert.is(page.status, 200)
  assert.match(page.headers.get('content-type') ?? '', 'text/html')
  assert.match(page.headers.get('content-security-policy') ?? '', "default-src 'none'; script-src 'self'")
  const script = await fetch(daemon.info.url + '/app.js')
  assert.is(script.status, 200)
  assert.match(await script.text(), 'api/vitals')
  assert.is((await fetch(daemon.info.url + '/../daemon.json')).status, 404)
})

test('a second techo serve on the same data directory refuses and leaves the first one serving', async () => {
  const second = await techo(dir, ['serve', '--http-port', '0'], { passphrase: true })
  assert.is(second.code, 3)
  assert.match(second.stderr, `A techo daemon already serves ${dir} (process ${daemon.info.pid}, ${daemon.info.url}); stop it first.`)
  assert.is((await api(daemon.info, 'GET', '/api/status')).status, 200)
})

async function rawGet (url: string, headers: Record<string, string>): Promise<{ status: number, body: string }> {
  return await new Promise((resolve, reject) => {
    request(url, { headers }, res => {
      let body = ''
      res.on('data', (d: Buffer) => { body += d.toString() })
      res.on('end', () => { resolve({ status: res.statusCode ?? 0, body }) })
    }).on('error', reject).end()
  })
}

test.run()
