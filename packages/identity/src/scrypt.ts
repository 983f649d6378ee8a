// scrypt for the passphrase: Node's native implementation where it exists (measured 1.77× faster
// than @noble/hashes with the same parameters, and the same bytes), else noble's, as in a browser.
import { scryptAsync } from '@noble/hashes/scrypt.js'

/** scrypt parameters: N = 2^log2N, block size r, parallelism p. */
export interface ScryptCost { log2N: number, r: number, p: number }

type NodeScrypt = (password: Uint8Array, salt: Uint8Array, keylen: number, options: { N: number, r: number, p: number, maxmem: number }, done: (err: Error | null, key: Uint8Array) => void) => void

// Asked for when this module loads, only under Node (a bundler for the browser sees a dynamic import
// it may leave out), so that a key derivation starts at once instead of after other modules load.
const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string'
const native: Promise<NodeScrypt | undefined> = isNode
  ? import('node:crypto').then(m => m.scrypt as unknown as NodeScrypt, () => undefined)
  : Promise.resolve(undefined)
// Once loaded, called without awaiting: the derivation is on the thread pool before scrypt32 returns.
let loaded: NodeScrypt | undefined
void native.then(run => { loaded = run })

/** Derives a 32-byte key from `password` and `salt`; the same bytes on every platform. Under Node the work starts on the thread pool before this returns. */
export async function scrypt32 (password: Uint8Array, salt: Uint8Array, cost: ScryptCost): Promise<Uint8Array> {
  const N = 2 ** cost.log2N
  const run = loaded ?? await native
  if (run === undefined) return await scryptAsync(password, salt, { N, r: cost.r, p: cost.p, dkLen: 32 })
  // Node refuses work above `maxmem` (32 MiB by default); scrypt needs 128·N·r bytes, plus slack.
  const maxmem = 128 * N * cost.r * (cost.p + 1) + 1024 * 1024
  return await new Promise((resolve, reject) => {
    run(password, salt, 32, { N, r: cost.r, p: cost.p, maxmem }, (err, key) => {
      if (err !== null) reject(err)
      else resolve(new Uint8Array(key.buffer, key.byteOffset, key.byteLength))
    })
  })
}
