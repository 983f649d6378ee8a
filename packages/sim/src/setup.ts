// Chain set-up, batched: each shard publishes the consent transactions of its own share of the
// parties, many at once, so they share blocks. Registrations come first (every party's nonce 1, all
// independent); after the barrier, each party's device approvals and grants follow in nonce order,
// one per block for that party but with every party advancing in the same blocks. Signing and
// sending are spread over the shards because building a sponsored transaction costs the sender far
// more CPU than the chain spends running it.
import { notebookIdFor } from '@techo/identity'
import { errorCode } from '@techo/errors'
import { proveDevice, type ConsentEvent, type Ledger } from '@techo/ledger'
import { publish, type ConsentRecord } from './consent-log.js'
import { SimError } from './errors.js'
import type { Keys } from './keyring.js'
import type { World } from './world.js'

/** How long set-up grants last: past any run. */
const OPEN_GRANT_MS = 365 * 24 * 3_600_000
/** Sends of one set-up transaction while the chain does not answer in time. */
const SEND_TRIES = 3

export interface SetupContext {
  world: World
  keys: Keys
  ledger: Ledger
  contract: string
  shard: number
  shards: number
  /** Transactions in flight at once. */
  inFlight: number
  /** Called after each transaction, for progress. */
  tick: () => void
}

/** The parties whose set-up this shard publishes. */
function ownParties (ctx: SetupContext): number[] {
  return ctx.world.parties.filter(p => p.index % ctx.shards === ctx.shard).map(p => p.index)
}

/** Registers this shard's parties. */
export async function registerParties (ctx: SetupContext): Promise<ConsentRecord[]> {
  const limit = gate(ctx.inFlight)
  return await Promise.all(ownParties(ctx).map(async party => await limit(async () => {
    const p = ctx.world.parties[party]
    const signer = ctx.keys.party(party)
    const record = await attempt(ctx, `register ${p?.name ?? party}`, signer.id, { action: 'registerParty', party, phase: 'setup' }, e => e.action === 'registerParty', async () =>
      await publish(ctx.ledger, ctx.contract, signer, 1, 'registerParty', { kind: p?.kind ?? 'patient' }, { party, phase: 'setup' }))
    ctx.tick()
    return record
  })))
}

/** Approves the first devices of this shard's parties and makes the patients' initial grants, each party's in nonce order. */
export async function approveAndGrant (ctx: SetupContext): Promise<ConsentRecord[]> {
  const { world, keys } = ctx
  const limit = gate(ctx.inFlight)
  const records: ConsentRecord[] = []
  await Promise.all(ownParties(ctx).map(async party => {
    const spec = world.parties[party]
    if (spec === undefined) return
    const signer = keys.party(party)
    const binding = await ctx.ledger.deviceBinding(signer.id)
    let nonce = 2
    for (const device of spec.devices.map(i => world.devices[i]).filter(d => d !== undefined && d.from === 0)) {
      if (device === undefined) continue
      const role = device.kind
      // The device's proof of possession: the contract approves only a key that signed for this party, chain and contract.
      const { device: peerId, proof } = proveDevice(keys.device(device.index), binding)
      records.push(await limit(async () => await attempt(ctx, `approve ${device.name}`, signer.id, { action: 'approveDevice', party, device: device.index, phase: 'setup' }, e => e.action === 'approveDevice' && e.device === peerId, async () =>
        await publish(ctx.ledger, ctx.contract, signer, nonce, 'approveDevice', { party: signer.id, device: peerId, role, chain: binding.chain, proof }, { party, device: device.index, phase: 'setup' }))))
      nonce++
      ctx.tick()
    }
    for (const grant of world.initialGrants.filter(g => g.patient === party)) {
      const until = Date.now() + OPEN_GRANT_MS
      const clinic = keys.party(grant.clinic).id
      const record = { party, clinic: grant.clinic, scope: grant.scope, until, phase: 'setup' } as const
      records.push(await limit(async () => await attempt(ctx, `grant ${spec.name} → ${world.parties[grant.clinic]?.name ?? grant.clinic}`, signer.id, { action: 'grant', ...record }, e => e.action === 'grant' && e.clinic === clinic, async () =>
        await publish(ctx.ledger, ctx.contract, signer, nonce, 'grant', { notebook: notebookIdFor(signer.id), clinic, scope: grant.scope, until }, record))))
      nonce++
      ctx.tick()
    }
  }))
  return records
}

// Sends one set-up transaction. On a loaded machine the dev chain can stall past the client's
// request timeout and still take the transaction: the signer's history then says whether, and in
// which block, it landed before it is sent again (a second send would meet a stale nonce). Its gas
// is then unknown and counted as 0.
async function attempt (ctx: SetupContext, what: string, signer: string, record: Omit<ConsentRecord, 'block' | 'gas' | 'sentAt' | 'doneAt'>, landed: (event: ConsentEvent) => boolean, send: () => Promise<ConsentRecord>): Promise<ConsentRecord> {
  for (let tries = 1; ; tries++) {
    const sentAt = Date.now()
    try {
      return await send()
    } catch (err) {
      if (errorCode(err) !== 'ERR_CHAIN_UNREACHABLE' || tries === SEND_TRIES) {
        throw new SimError('ERR_SETUP_FAILED', `Chain set-up failed at "${what}": ${(err as Error).message}`, { cause: err })
      }
      const event = (await ctx.ledger.history(signer).catch(() => [])).find(landed)
      if (event !== undefined) return { ...record, block: event.block, gas: 0, sentAt, doneAt: Date.now() }
    }
  }
}

/** Runs at most `n` tasks at once. */
export function gate (n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0
  const waiting: Array<() => void> = []
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= n) await new Promise<void>(resolve => waiting.push(resolve))
    running++
    try {
      return await task()
    } finally {
      running--
      waiting.shift()?.()
    }
  }
}
