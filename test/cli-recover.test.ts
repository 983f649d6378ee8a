// The recovery phrase, as a patient would use it: it resets a forgotten passphrase on the same
// device, restores the same identity on a new device (approved on the consent chain, or told the
// exact command that will approve it), and a wrong phrase changes nothing.
import { startDevChain, type DevChain } from '@techo/devchain'
import { CONSENT_CONTRACT_NAME, LedgerReader, deployConsentContract } from '@techo/ledger'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { removeDir } from './support/techo.js'
import { techoHere } from './support/techo-here.js'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { closedPort } from './support/closed-port.js'

const root = mkdtempSync(join(tmpdir(), 'techo-recover-'))
const chain: DevChain = await startDevChain({ port: 0, blockIntervalMs: 50 })
await deployConsentContract({ url: chain.url, chainId: chain.chainId, sponsor: { account: chain.admin.account, secretKey: chain.admin.secretKey } })
const reader = new LedgerReader({ url: chain.url, contract: CONSENT_CONTRACT_NAME })
const dir = join(root, 'phone')
const phraseFile = join(root, 'phrase')
const newPassFile = join(root, 'new-passphrase')
let patientId = ''
test.after(async () => {
  await chain.close()
  removeDir(root)
})


const words = (stdout: string): string => [...stdout.matchAll(/\d+\. (\w+)/g)].map(m => m[1]).join(' ')

test.before(async () => {
  const init = await techoHere(dir, ['init'], { passphrase: true })
  assert.is(init.code, 0, init.stderr)
  patientId = /Patient id: +(\S+)/.exec(init.stdout)?.[1] ?? ''
  writeFileSync(phraseFile, words(init.stdout) + '\n')
  writeFileSync(newPassFile, 'a brand new passphrase\n')
  assert.is((await techoHere(dir, ['vitals', 'add', 'pulse', '64'], { passphrase: true })).code, 0)
})

test('the phrase resets a forgotten passphrase and keeps the notebook', async () => {
  const r = await techoHere(dir, ['recover', '--phrase-file', phraseFile, '--passphrase-file', newPassFile])
  assert.is(r.code, 0, r.stderr)
  assert.match(r.stdout, 'passphrase for')
  const old = await techoHere(dir, ['show'], { passphrase: true })
  assert.is(old.code, 1)
  assert.is(old.stderr, 'The passphrase is wrong.\n')
  const shown = await techoHere(dir, ['--passphrase-file', newPassFile, 'show', '--json'])
  assert.is(shown.code, 0, shown.stderr)
  assert.equal((JSON.parse(shown.stdout) as Array<{ value: number }>).map(e => e.value), [64])
})

test('the phrase restores the same patient on a new device, with the same notebook, approved on the consent chain', async () => {
  const other = join(root, 'new-phone')
  const r = await techoHere(other, ['recover', '--phrase-file', phraseFile], { passphrase: true, env: { TECHO_CHAIN: chain.url } })
  assert.is(r.code, 0, r.stderr)
  assert.match(r.stdout, `Restored patient ${patientId}`)
  const device = /on this new device \((\S+)\)/.exec(r.stdout)?.[1] ?? ''
  assert.match(r.stdout, `Registered patient ${patientId} on chain.`)
  assert.match(r.stdout, `Approved this device ${device} as phone.`)
  assert.equal(await reader.device(device).then(d => [d?.party, d?.role, d?.active]), [patientId, 'phone', true])
  const added = await techoHere(other, ['vitals', 'add', 'pulse', '66'], { passphrase: true })
  assert.is(added.code, 0, added.stderr)
})

test('when the chain does not answer, recover prints the exact command that approves the device; it does', async () => {
  const other = join(root, 'offline-phone')
  const offline = { TECHO_CHAIN: `http://127.0.0.1:${await closedPort()}` }
  const r = await techoHere(other, ['recover', '--phrase-file', phraseFile], { passphrase: true, env: offline })
  assert.is(r.code, 0, r.stderr)
  const device = /on this new device \((\S+)\)/.exec(r.stdout)?.[1] ?? ''
  assert.match(r.stdout, 'This device is not approved on the consent chain yet, so clinics will not sync with it: The chain at http://127.0.0.1:')
  const command = /Once the chain answers, approve it with: techo (.+)$/m.exec(r.stdout)?.[1] ?? ''
  assert.is(command, `device approve ${device} --role phone --data ${other}`)
  assert.is(await reader.device(device), undefined)
  const approved = await techoHere(other, command.split(' '), { passphrase: true, env: { TECHO_CHAIN: chain.url } })
  assert.is(approved.code, 0, approved.stderr)
  assert.match(approved.stdout, `Approved device ${device} as phone.`)
  assert.is((await reader.device(device))?.party, patientId)
})

test('a phrase of someone else, or a mistyped one, is refused and changes nothing', async () => {
  const stranger = await techoHere(join(root, 'stranger'), ['init'], { passphrase: true })
  const strangerPhrase = join(root, 'stranger-phrase')
  writeFileSync(strangerPhrase, words(stranger.stdout))
  const wrong = await techoHere(dir, ['recover', '--phrase-file', strangerPhrase], { passphrase: true })
  assert.is(wrong.code, 1)
  assert.match(wrong.stderr, 'belongs to another identity')
  const typo = join(root, 'typo')
  writeFileSync(typo, words(stranger.stdout).replace(/^\w+/, 'zzzz'))
  const bad = await techoHere(dir, ['recover', '--phrase-file', typo], { passphrase: true })
  assert.is(bad.code, 1)
  assert.match(bad.stderr, /zzzz/)
  const still = await techoHere(dir, ['--passphrase-file', newPassFile, 'show', '--json'])
  assert.is(still.code, 0, still.stderr)
})

test.run()
