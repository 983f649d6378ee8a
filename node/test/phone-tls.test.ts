// Serving the phone app to other devices: the settings go together (no public server without a
// certificate), PEM files that are missing, of another kind or of another certificate are refused
// naming the file, and a page opened over https dials only its relay's wss addresses.
import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { phoneServing } from '../src/cli/phone-settings.js'
import { dialableAddresses } from '../web/src/phone/relay-addresses.js'

const CERT = fileURLToPath(new URL('../../fixtures/tls/clinic.test.crt', import.meta.url))
const KEY = fileURLToPath(new URL('../../fixtures/tls/clinic.test.key', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'techo-phone-tls-'))
test.after(() => { rmSync(dir, { recursive: true, force: true }) })

function refusal (run: () => unknown): string {
  try {
    run()
  } catch (err) {
    return (err as Error).message
  }
  throw new Error('not refused')
}

test('the public server needs the certificate and key; its address is <address>:<port>', () => {
  assert.equal(phoneServing({}, dir), {})
  const served = phoneServing({ phoneListen: '[::]:8443', tlsCert: CERT, tlsKey: KEY }, dir)
  assert.equal(served.phone, { host: '::', port: 8443 })
  assert.match(served.tls?.cert ?? '', 'BEGIN CERTIFICATE')
  assert.match(refusal(() => phoneServing({ phoneListen: '0.0.0.0:8443' }, dir)), 'give this clinic\'s certificate and key with --tls-cert <file> --tls-key <file>')
  assert.match(refusal(() => phoneServing({ tlsCert: CERT }, dir)), 'give --tls-key <file> (its private key) too')
  assert.match(refusal(() => phoneServing({ phoneListen: '8443', tlsCert: CERT, tlsKey: KEY }, dir)), '--phone-listen must be <address>:<port>')
})

test('a missing file, a file of another kind or the key of another certificate is refused, naming the file', () => {
  const otherKey = join(dir, 'other.key')
  writeFileSync(otherKey, generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }))
  assert.match(refusal(() => phoneServing({ tlsCert: join(dir, 'missing.crt'), tlsKey: KEY }, dir)), `cannot read ${join(dir, 'missing.crt')} (--tls-cert): there is no such file`)
  assert.match(refusal(() => phoneServing({ tlsCert: KEY, tlsKey: KEY }, dir)), `${KEY} (--tls-cert) is not a PEM certificate`)
  assert.match(refusal(() => phoneServing({ tlsCert: CERT, tlsKey: CERT }, dir)), `${CERT} (--tls-key) is not a PEM private key`)
  assert.match(refusal(() => phoneServing({ tlsCert: CERT, tlsKey: otherKey }, dir)), `${otherKey} (--tls-key) is not the private key of the certificate in ${CERT}`)
})

test('a page opened over https elsewhere than this machine dials only wss, and says so when there is none', () => {
  const ws = '/ip4/192.0.2.7/tcp/4002/ws/p2p/relay'
  const wss = '/ip4/192.0.2.7/tcp/4002/tls/ws/p2p/relay'
  const named = '/dns4/clinic.example/tcp/443/wss/p2p/relay'
  assert.equal(dialableAddresses([ws, wss, named], { protocol: 'https:', hostname: 'clinic.example' }), [wss, named])
  assert.equal(dialableAddresses([ws, wss], { protocol: 'http:', hostname: '127.0.0.1' }), [ws, wss])
  assert.equal(dialableAddresses([ws], { protocol: 'https:', hostname: 'localhost' }), [ws])
  assert.match(refusal(() => dialableAddresses([ws], { protocol: 'https:', hostname: 'clinic.example' })), 'the clinic must serve wss')
})

test.run()
