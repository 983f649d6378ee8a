// The cost of authorship proofs: signing a change hash and verifying a proof (Ed25519 with noble,
// the same code in Node and the browser), and what that means per change when a device signs once
// per batch (its latest change) instead of once per change. Verification of a 15k-change notebook
// costs one proof per device that wrote to it.
//
//   node --conditions=source --import tsx test/bench/sync/proofs.bench.ts [proofs, default 2000]
import { createDeviceKey } from '@techo/identity'
import { proofVerifies, signChange } from '@techo/sync'
import { randomBytes } from 'node:crypto'

const N = Number(process.argv[2] ?? 2000)
const key = createDeviceKey()
const notebook = 'nb' + 'x'.repeat(44)
const hashes = Array.from({ length: N }, () => randomBytes(32).toString('hex'))

// One warm-up round: noble builds its tables on first use.
proofVerifies(signChange(key, notebook, hashes[0] as string), notebook)

let t = performance.now()
const proofs = hashes.map(h => signChange(key, notebook, h))
const signMs = (performance.now() - t) / N
t = performance.now()
let ok = 0
for (const proof of proofs) if (proofVerifies(proof, notebook)) ok++
const verifyMs = (performance.now() - t) / N
if (ok !== N) throw new Error(`only ${ok} of ${N} proofs verified`)

const bytes = JSON.stringify(proofs[0]).length
console.log(`authorship proofs, ${N} each, Node ${process.version}`)
console.log(`  sign one change hash          ${(signMs * 1000).toFixed(0).padStart(6)} µs`)
console.log(`  verify one proof              ${(verifyMs * 1000).toFixed(0).padStart(6)} µs`)
console.log(`  one proof on the wire         ${String(bytes).padStart(6)} bytes (JSON)`)
console.log(`  15,000 changes, one proof per change:  sign ${(15_000 * signMs).toFixed(0)} ms, verify ${(15_000 * verifyMs).toFixed(0)} ms`)
console.log(`  15,000 changes by 3 devices (a proof per device, as sent): verify ${(3 * verifyMs).toFixed(2)} ms`)
