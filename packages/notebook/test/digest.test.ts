import * as A from '@automerge/automerge'
import { sha256 } from '@noble/hashes/sha2.js'
import { concatBytes, hexToBytes, randomBytes } from '@noble/hashes/utils.js'
import { base58 } from '@scure/base'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { saltedDigest } from '../src/digest.js'
import { Notebook, digest, findPastDigests, type NotebookDoc } from '../src/index.js'
import { newActor, newParty, patientNotebook } from './helpers.js'

test('the digest is base58(sha256(salt || sorted heads)), so anyone holding the notebook can recompute it', () => {
  const nb = patientNotebook()
  nb.addVital({ kind: 'pulse', value: 65 })
  const salt = base58.decode(String(A.load<NotebookDoc>(nb.save()).meta.salt))
  assert.is(salt.length, 32)
  const expected = base58.encode(sha256(concatBytes(salt, ...nb.heads().sort().map(h => hexToBytes(h)))))
  assert.is(digest(nb), expected)
})

test('any edit gives a new digest; the same state gives the same digest', () => {
  const nb = patientNotebook()
  const first = digest(nb)
  assert.is(digest(nb), first)
  const entry = nb.addVital({ kind: 'weight', value: 70 })
  const second = digest(nb)
  assert.is.not(second, first)
  nb.amend(entry.id, { value: 70.5 })
  assert.is.not(digest(nb), second)
})

test('two replicas that merged the same changes have the same digest', () => {
  const patientId = newParty()
  const phone = Notebook.create({ patientId, actor: newActor(), party: patientId })
  const clinic = Notebook.load(phone.save(), { actor: newActor(), party: newParty() })
  phone.addVital({ kind: 'glucose', value: 101 })
  clinic.addNote({ text: 'Fasting glucose borderline; recheck in 3 months.' })
  assert.is.not(digest(phone), digest(clinic))
  phone.setDoc(A.loadIncremental(phone.doc, clinic.save()))
  clinic.setDoc(A.loadIncremental(clinic.doc, phone.save()))
  // Two concurrent heads, listed in whatever order each replica keeps them: the digest sorts them.
  assert.is(phone.heads().length, 2)
  assert.is(digest(phone), digest(clinic))
})

test('an earlier digest is found in a notebook that moved on, with how many changes it held; a foreign one is not', () => {
  const nb = patientNotebook()
  nb.addVital({ kind: 'pulse', value: 65 })
  const earlier = digest(nb)
  nb.addVital({ kind: 'pulse', value: 66 })
  nb.addNote({ text: 'Slept badly.' })
  const { found, changes } = findPastDigests(nb, new Set([earlier, digest(nb), digest(patientNotebook())]))
  assert.is(found.get(earlier), changes - 2)
  assert.is(found.get(digest(nb)), changes)
  assert.is(found.size, 2)
})

test('the patient\'s digest is found in the clinic\'s copy whichever order concurrent changes arrived in', () => {
  const patientId = newParty()
  const phone = Notebook.create({ patientId, actor: newActor(), party: patientId })
  const clinic = Notebook.load(phone.save(), { actor: newActor(), party: newParty() })
  clinic.addNote({ text: 'Recheck in 3 months.' })
  phone.addVital({ kind: 'glucose', value: 101 })
  const anchored = digest(phone)
  clinic.setDoc(A.loadIncremental(clinic.doc, phone.save()))
  const { found, changes } = findPastDigests(clinic, new Set([anchored]))
  assert.is(found.get(anchored), changes - 1)
})

test('the same heads with another salt give another digest', () => {
  const heads = patientNotebook().heads()
  assert.is.not(saltedDigest(randomBytes(32), heads), saltedDigest(randomBytes(32), heads))
  assert.is.not(digest(patientNotebook()), digest(patientNotebook()))
})

test.run()
