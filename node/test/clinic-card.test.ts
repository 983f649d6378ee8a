// What a clinic's QR code carries and what a patient's node believes of it: the techo:// URI keeps
// the clinic's id, its signed name and its relay; a name changed on the way is dropped, a malformed
// URI is refused with the reason; the code itself is a PNG and an SVG a phone can read, and the
// phone app's own decoder (jsQR, where the browser has no BarcodeDetector) reads it back.
import { masterKeyFromSeed, createDeviceKey, deviceKeyToBytes } from '@techo/identity'
import { randomBytes } from 'node:crypto'
import { inflateSync } from 'node:zlib'
import jsQR from 'jsqr'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { checkProfile, signProfile } from '../src/access/clinic-profile.js'
import { clinicUri, isClinicUri, parseClinicUri } from '../src/access/clinic-uri.js'
import { checkViewed, signViewed } from '../src/access/view-receipt.js'
import { receiptsFor } from '../src/daemon/receipt-route.js'
import { prescriptionFromWords } from '../src/cli/prescription-words.js'
import { qrModules, qrPng, qrSvg } from '../src/cli/qr-code.js'
import { clinicFromCode, notAClinicCode, scannedClinic } from '../web/src/phone/clinic-code.js'

const clinic = masterKeyFromSeed(randomBytes(32))
const relay = 'QmRelayPeerIdOnlyForTheShapeOfTheUri1234567'
const address = `/ip4/192.0.2.7/tcp/4001/p2p/${relay}`
const profile = signProfile(clinic.seed, { clinic: clinic.id, name: 'Sakura Clinic', address: '1-2-3 Sakura, Tokyo', at: '2026-12-01T09:00:00.000Z' })

test('a clinic\'s URI carries its id, its signed name and address, and its relay\'s addresses', () => {
  const uri = clinicUri({ clinic: clinic.id, profile, relay, addresses: [address] })
  assert.ok(isClinicUri(uri))
  const card = parseClinicUri(uri)
  assert.is(card.clinic, clinic.id)
  assert.equal(card.addresses, [address])
  assert.is(card.relay, relay)
  assert.equal(checkProfile(card.profile), { clinic: clinic.id, name: 'Sakura Clinic', address: '1-2-3 Sakura, Tokyo', at: '2026-12-01T09:00:00.000Z' })
})

test('a name changed in the URI is not believed; the clinic\'s id still is', () => {
  const uri = clinicUri({ clinic: clinic.id, profile, addresses: [] }).replace('name=Sakura+Clinic', 'name=Evil+Clinic')
  const card = parseClinicUri(uri)
  assert.is(card.clinic, clinic.id)
  assert.is(card.profile, undefined)
})

test('a malformed URI is refused with what is wrong with it', () => {
  assert.throws(() => parseClinicUri('techo://clinic/not-an-id'), /is not a clinic's techo:\/\/ URI: "not-an-id" is not a clinic id/)
  assert.throws(() => parseClinicUri('https://example.com/'), /it must start with techo:\/\/clinic\//)
  assert.throws(() => parseClinicUri(`techo://clinic/${clinic.id}?relay=${relay}&addr=/ip4/1.2.3.4/tcp/1`), /must be multiaddrs ending in \/p2p\/<relay>/)
})

test('the QR code is a PNG of the right size and an SVG', () => {
  const modules = qrModules(clinicUri({ clinic: clinic.id, profile, relay, addresses: [address] }))
  const png = qrPng(modules, 4)
  assert.equal([...png.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10])
  const size = (modules.length + 8) * 4
  assert.is(png.readUInt32BE(16), size)
  // The image rows hold what the modules say: the first module of the code is dark (a finder pattern).
  const idat = png.indexOf('IDAT')
  const raw = inflateSync(png.subarray(idat + 4, idat + 4 + png.readUInt32BE(idat - 4)))
  assert.is(raw.length, (size + 1) * size)
  assert.is(raw[(4 * 4) * (size + 1) + 1 + 4 * 4], 0)
  assert.is(raw[1], 255)
  assert.match(qrSvg(modules), /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/)
})

test('the phone reads the clinic\'s code back with its own decoder, from an image as a camera sees it', () => {
  const uri = clinicUri({ clinic: clinic.id, profile, relay, addresses: [address, address.replace('/tcp/4001', '/tcp/4002/ws')] })
  const modules = qrModules(uri)
  // RGBA, 3 pixels a module and a 4-module quiet zone, off-centre in a larger grey frame.
  const [scale, side] = [3, 400]
  const rgba = new Uint8ClampedArray(side * side * 4).fill(200)
  const at = (modules.length + 8) * scale
  for (let y = 0; y < at; y++) {
    for (let x = 0; x < at; x++) {
      const dark = modules[Math.floor(y / scale) - 4]?.[Math.floor(x / scale) - 4] === true
      rgba.fill(dark ? 20 : 240, ((y + 30) * side + x + 50) * 4, ((y + 30) * side + x + 51) * 4)
    }
  }
  assert.is(jsQR.default(rgba, side, side)?.data, uri)
})

test('what the phone accepts as a clinic\'s code: its techo:// link (with the signed name) or its bare id', () => {
  const uri = clinicUri({ clinic: clinic.id, profile, relay, addresses: [address] })
  assert.equal(clinicFromCode(` ${uri}\n`), { clinic: clinic.id, name: 'Sakura Clinic' })
  assert.equal(clinicFromCode(clinic.id), { clinic: clinic.id })
  assert.equal(scannedClinic(uri), { clinic: clinic.id, name: 'Sakura Clinic' })
  // The camera reads only links: a bare id in a QR code, or any other code, is not a clinic's.
  for (const other of [clinic.id, 'https://example.com/pay?id=1', 'techo://clinic/not-an-id']) assert.is(scannedClinic(other), undefined, other)
  assert.match(notAClinicCode('https://example.com/pay?id=1'), /"https:\/\/example.com\/pay\?id=1"\) is not a Techo clinic's link: point the camera/)
  assert.throws(() => clinicFromCode(''), /Scan the clinic's QR code, or paste its techo:\/\/ link/)
  assert.throws(() => clinicFromCode('https://example.com/'), /is not a Techo clinic's code: paste the techo:\/\/clinic\/… link/)
  assert.throws(() => clinicFromCode('techo://clinic/not-an-id'), /"not-an-id" is not a clinic id/)
})

test('a view receipt is believed only as its device signed it', () => {
  const device = createDeviceKey()
  const viewed = { notebook: 'nb1', patient: 'p1', party: clinic.id, device: device.peerId, at: '2026-12-01T09:00:00.000Z' }
  const receipt = signViewed(deviceKeyToBytes(device), viewed)
  assert.equal(checkViewed(receipt), viewed)
  assert.is(checkViewed({ ...receipt, payload: receipt.payload.replace('p1', 'p2') }), undefined)
})

test('a view receipt goes toward the patient: a relay hands a practitioner\'s receipt to the patient\'s devices, never back to the clinic\'s devices', () => {
  const practitioner = createDeviceKey()
  const relayDevice = createDeviceKey()
  const receipt = signViewed(deviceKeyToBytes(practitioner), { notebook: 'nb1', patient: 'p1', party: clinic.id, device: practitioner.peerId, at: '2026-12-01T09:00:00.000Z' })
  // The practitioner's device: to its relay, or to the patient's device directly.
  assert.equal(receiptsFor('own-party', [receipt], practitioner.peerId), [receipt])
  assert.equal(receiptsFor('owner', [receipt], practitioner.peerId), [receipt])
  // The relay: on to the patient's device only (sent back, the receipt bounced between the two for ever).
  assert.equal(receiptsFor('owner', [receipt], relayDevice.peerId), [receipt])
  assert.equal(receiptsFor('own-party', [receipt], relayDevice.peerId), [])
  assert.equal(receiptsFor('read', [receipt], practitioner.peerId), [])
})

test('a prescription typed on the command line becomes the notebook\'s input; a bad amount names its field', () => {
  assert.equal(prescriptionFromWords('amlodipine 5 mg tablet', { rxnorm: '308135', dose: '1 tablet', frequency: '2/d', quantity: '30 tablet', refills: '2', prescriber: 'Dr. Mori' }), {
    medication: { text: 'amlodipine 5 mg tablet', system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '308135' },
    dosage: [{ dose: { value: 1, unit: 'tablet' }, frequency: 2, period: 1, periodUnit: 'd' }],
    quantity: { value: 30, unit: 'tablet' },
    refills: 2,
    prescriber: 'Dr. Mori'
  })
  try {
    prescriptionFromWords('x', { quantity: 'lots' })
    assert.unreachable()
  } catch (err) {
    assert.is((err as { field?: string }).field, 'quantity')
    assert.is((err as Error).message, '--quantity "lots" is not an amount such as "30 tablet".')
  }
})

test.run()
