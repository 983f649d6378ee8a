// A shard's devices and their links: starting them (relays first, so every shard can dial them),
// the link from each device to each of its relays (direct, or through an emulated link when the
// scenario gives its kind latency or loss), and what the workload does to them: readings, going
// offline and online, partitions, lost and restored phones, probes.
import { createHash } from 'node:crypto'
import * as Automerge from '@automerge/automerge'
import { notebookIdFor } from '@techo/identity'
import { multiaddr, peerIdFromString, type Multiaddr, type PeerPolicy } from '@techo/net'
import type { VitalInput } from '@techo/notebook'
import { startDevice, type DeviceEnvironment, type RunningDevice } from './device.js'
import type { Keys } from './keyring.js'
import type { Links } from './links.js'
import { probe, type ProbeOutcome } from './probe.js'
import { DeviceIndex } from './scoped-view.js'
import { LinkProxy } from './proxy.js'
import { Random } from './random.js'
import type { Recorder } from './recorder.js'
import type { LinkProfile } from './scenario.js'
import { gate } from './setup.js'
import type { HeadsRow, HoldingRow } from './shard-result.js'
import type { DeviceSpec, World } from './world.js'

const START_CONCURRENCY = 8
/** How long a starting device keeps trying to reach its relay before the shard moves on (the relay keeper retries later). */
const FIRST_DIAL_MS = 60_000

export class Fleet {
  readonly running = new Map<number, RunningDevice>()
  readonly #world: World
  readonly #keys: Keys
  readonly #env: DeviceEnvironment
  readonly #links: Links
  readonly #recorder: Recorder
  readonly #shard: number
  /** Every relay's address (ending in /p2p/<id>), by device index. */
  readonly #relayAddrs = new Map<number, string>()
  /** Emulated links of this shard's devices, by `${device}/${relay}`. */
  readonly #proxies = new Map<string, { proxy: LinkProxy, addr: string }>()
  readonly #patients = new Map<string, number>()
  readonly #random: Random
  readonly #devices: DeviceIndex
  /** Party ids whose devices can author changes in the notebooks a party's devices sync, by party index. */
  readonly #related = new Map<number, Set<string>>()

  constructor (world: World, keys: Keys, env: DeviceEnvironment, links: Links, recorder: Recorder, shard: number) {
    this.#world = world
    this.#keys = keys
    this.#env = env
    this.#links = links
    this.#recorder = recorder
    this.#shard = shard
    this.#random = new Random(world.scenario.seed, `links/${shard}`)
    this.#devices = new DeviceIndex(env.view)
    for (const patient of world.patients) this.#patients.set(notebookIdFor(keys.party(patient).id), patient)
    // The relay gaters must recognise every device that may dial them.
    const local = new Set(this.local().map(d => d.index))
    for (const device of world.devices) {
      if (local.has(device.index) || device.relays.some(r => local.has(r))) keys.device(device.index)
    }
  }

  /** This shard's devices. */
  local (): DeviceSpec[] {
    return this.#world.devices.filter(d => d.shard === this.#shard)
  }

  /** The patient (party index) of a notebook id, if it is one of the run's. */
  patientOf (notebook: string): number | undefined {
    return this.#patients.get(notebook)
  }

  /** Starts this shard's relays; resolves to their addresses (on `advertise`, without /p2p) by device index. */
  async startRelays (advertise: string): Promise<Record<number, string>> {
    const relays = this.local().filter(d => d.kind === 'relay')
    await Promise.all(relays.map(async spec => await this.#start(spec, [])))
    const addrs: Record<number, string> = {}
    for (const spec of relays) {
      const listening = this.running.get(spec.index)?.node.getMultiaddrs().map(hostPort).find(a => a !== undefined)
      if (listening !== undefined) addrs[spec.index] = `/ip4/${advertise}/tcp/${listening.port}`
    }
    return addrs
  }

  /** Learns every shard's relay addresses. */
  setRelayAddresses (addrs: Record<number, string>): void {
    for (const [index, addr] of Object.entries(addrs)) this.#relayAddrs.set(Number(index), addr)
  }

  /**
   * Starts the devices given (none of them relays), a few at a time, each connected to its relays
   * before the next begins: a loaded machine then starts devices more slowly instead of letting
   * their first dials time out and back off for up to 30 s.
   */
  async startDevices (specs: DeviceSpec[]): Promise<void> {
    const limit = gate(START_CONCURRENCY)
    await Promise.all(specs.map(async spec => await limit(async () => {
      const bootstrap = await this.#bootstrap(spec)
      const device = await this.#start(spec, bootstrap)
      await Promise.all(bootstrap.map(async addr => {
        const relay = peerIdFromString(addr.slice(addr.lastIndexOf('/p2p/') + 5))
        if (device.node.getConnections(relay).length > 0) return
        await device.node.dial(multiaddr(addr), { signal: AbortSignal.timeout(FIRST_DIAL_MS) }).catch(() => {})
      }))
    })))
  }

  /** Phones and practitioners with a connection to every relay whose link is up. */
  connectedDevices (): number {
    let connected = 0
    for (const device of this.running.values()) {
      if (device.spec.kind === 'relay') continue
      const wanted = device.spec.relays.filter(r => this.#links.up(device.spec.index, r))
      if (wanted.every(r => device.node.getConnections(peerIdFromString(this.#keys.device(r).peerId)).length > 0)) connected++
    }
    return connected
  }

  /** A phone records a reading; false if the phone is not running (lost, or not yet restored). */
  write (device: number, reading: number, vital: VitalInput): boolean {
    const phone = this.running.get(device)
    if (phone?.notebook === undefined) return false
    try {
      phone.notebook.addVital(vital)
    } catch (err) {
      this.#recorder.error('ERR_BAD_READING', `${phone.spec.name}: ${(err as Error).message}`)
      return false
    }
    this.#recorder.wrote(reading, phone, phone.notebook.heads()[0] ?? '')
    return true
  }

  /** A device goes offline or comes back: both ends of each of its links act, wherever they run here. */
  setOffline (device: number, offline: boolean): void {
    const spec = this.#world.devices[device]
    if (spec === undefined) return
    this.#links.setOffline(device, offline)
    for (const relay of spec.relays) this.#linkChanged(device, relay)
  }

  /** A partition between `relay` and `devices` starts (cut) or ends. */
  cut (relay: number, devices: number[], cut: boolean): void {
    this.#links.cut(relay, devices, cut)
    for (const device of devices) this.#linkChanged(device, relay)
  }

  /** The phone is lost: it stops for good. */
  async lose (device: number): Promise<void> {
    const phone = this.running.get(device)
    if (phone === undefined) return
    this.running.delete(device)
    for (const relay of phone.spec.relays) await this.#proxies.get(`${device}/${relay}`)?.proxy.close()
    await phone.stop()
  }

  /** Starts a restored phone once this shard's view sees its approval (within `timeoutMs`). */
  async restore (device: number, timeoutMs: number): Promise<void> {
    const spec = this.#world.devices[device] as DeviceSpec
    const peer = this.#keys.device(device).peerId
    if (!await this.#viewShows(() => this.#env.view.isApprovedDevice(peer), timeoutMs)) {
      throw new Error(`the approval of ${spec.name} did not reach this shard's view within ${timeoutMs} ms`)
    }
    await this.startDevices([spec])
  }

  /** Whether this shard's view shows, within `timeoutMs`, that relay `relay`'s clinic holds no standing grant on `patient`'s notebook. */
  async grantEnded (relay: number, patient: number, timeoutMs: number): Promise<boolean> {
    const notebook = notebookIdFor(this.#keys.party(patient).id)
    const clinic = this.#keys.party(this.#world.devices[relay]?.party ?? -1).id
    return await this.#viewShows(() => this.#env.view.grant(notebook, clinic)?.active !== true, timeoutMs)
  }

  // Checks `test` at once and after each block this shard's view applies, until it holds or time is up.
  async #viewShows (test: () => boolean, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs
    while (!test()) {
      if (Date.now() > deadline) return false
      await new Promise(resolve => this.#env.view.once('block', resolve))
    }
    return true
  }

  /** Runs a probe from relay `from` to phone `to` for `patient`'s notebook; a probe that fails for another reason than a refusal is tried again, twice. */
  async probe (from: number, to: number, patient: number): Promise<ProbeOutcome> {
    for (let attempt = 1; ; attempt++) {
      const relay = this.running.get(from)
      if (relay === undefined) return { outcome: 'skipped', detail: 'the relay is not running' }
      if (!this.#links.up(to, from)) return { outcome: 'skipped', detail: 'the phone\'s link to this relay is down' }
      const outcome = await probe(relay.node, this.#keys.device(to).peerId, notebookIdFor(this.#keys.party(patient).id))
      if (outcome.outcome !== 'failed' || attempt === 3) return outcome
      await new Promise(resolve => setTimeout(resolve, 1000))
    }
  }

  /** The heads of every replica this shard's running devices hold, open or not, as short digests. */
  heads (): HeadsRow[] {
    const rows: HeadsRow[] = []
    for (const device of this.running.values()) {
      const open = new Map(device.service.notebooks().map(n => [n.id, n.holder.doc]))
      for (const { id } of device.service.held()) {
        const patient = this.#patients.get(id)
        if (patient === undefined) continue
        // A clinic closes an idle replica (saved first) and opening one to look would start its sessions:
        // a closed replica is as it was at its last received change, which the recorder saw.
        const doc = open.get(id)
        const heads = doc !== undefined ? Automerge.getHeads(doc) : this.#recorder.heads(device.spec.index, id)
        if (heads !== undefined) rows.push([device.spec.index, patient, headsDigest(heads)])
      }
    }
    return rows
  }

  /** What each running clinic device holds: notebooks its sync service holds (open or not), notebooks in its vault. */
  async holdings (): Promise<HoldingRow[]> {
    const rows: HoldingRow[] = []
    for (const device of this.running.values()) {
      if (device.spec.kind === 'phone') continue
      const held = device.service.held().map(n => this.#patients.get(n.id) ?? -1)
      const stored = (await device.vault.notebooks.list()).map(id => this.#patients.get(id) ?? -1)
      rows.push([device.spec.index, held, stored])
    }
    return rows
  }

  /** Connections to a relay that bypassed the device's emulated link. */
  bypassed (): number {
    let count = 0
    for (const [key, { addr }] of this.#proxies) {
      const [device, relay] = key.split('/').map(Number) as [number, number]
      const port = hostPort(multiaddr(addr))?.port
      const relayPeer = peerIdFromString(this.#keys.device(relay).peerId)
      for (const connection of this.running.get(device)?.node.getConnections(relayPeer) ?? []) {
        if (hostPort(connection.remoteAddr)?.port !== port) count++
      }
    }
    return count
  }

  /** Stops every device and emulated link. */
  async stop (): Promise<void> {
    const devices = [...this.running.values()]
    this.running.clear()
    // Relays last, so the others' goodbyes reach them.
    await Promise.all(devices.filter(d => d.spec.kind !== 'relay').map(async d => await d.stop().catch(() => {})))
    await Promise.all(devices.filter(d => d.spec.kind === 'relay').map(async d => await d.stop().catch(() => {})))
    await Promise.all([...this.#proxies.values()].map(async p => await p.proxy.close()))
  }

  async #start (spec: DeviceSpec, bootstrap: string[]): Promise<RunningDevice> {
    const view = this.#devices.scoped(this.#relatedParties(spec.party))
    const device = await startDevice(this.#env, { spec, key: this.#keys.device(spec.index), party: this.#keys.party(spec.party), bootstrap, policy: this.#policy(spec), view })
    this.running.set(spec.index, device)
    this.#recorder.observe(device)
    this.#pinEmulatedLinks(device)
    return device
  }

  // A patient shares its notebook with the clinics it grants; a clinic shares each patient's notebook
  // with that patient and with the other clinics the patient grants.
  #relatedParties (party: number): Set<string> {
    let related = this.#related.get(party)
    if (related !== undefined) return related
    const granted = this.#world.grantedOverRun
    const patients = this.#world.parties[party]?.kind === 'patient' ? [party] : [...granted].filter(([, clinics]) => clinics.includes(party)).map(([patient]) => patient)
    const indices = new Set([party, ...patients, ...patients.flatMap(p => granted.get(p) ?? [])])
    related = new Set([...indices].map(i => this.#keys.party(i).id))
    this.#related.set(party, related)
    return related
  }

  // Relays refuse a device whose link is down, wherever that device runs; every device refuses
  // anyone the chain does not approve (net always admits a device's own bootstrap relays).
  #policy (spec: DeviceSpec): PeerPolicy {
    const view = this.#env.view
    if (spec.kind !== 'relay') return { admits: peer => view.isApprovedDevice(peer) }
    return {
      admits: peer => {
        const device = this.#keys.deviceOf(peer)
        return view.isApprovedDevice(peer) && (device === undefined || this.#links.up(device, spec.index))
      },
      reason: peer => view.isApprovedDevice(peer) ? 'its link to this relay is down in the scenario' : 'not approved on the chain'
    }
  }

  async #bootstrap (spec: DeviceSpec): Promise<string[]> {
    const profile = this.#profile(spec)
    const addrs: string[] = []
    for (const relay of spec.relays) {
      const addr = this.#relayAddrs.get(relay)
      if (addr === undefined) continue
      const relayPeer = this.#keys.device(relay).peerId
      const direct = `${addr}/p2p/${relayPeer}`
      if (profile === undefined) {
        addrs.push(direct)
        continue
      }
      const target = hostPort(multiaddr(addr))
      if (target === undefined) continue
      const proxy = new LinkProxy(target, profile, this.#random, () => this.#links.up(spec.index, relay))
      const port = await proxy.start(this.#env.host)
      const via = `/ip4/${this.#env.host}/tcp/${port}/p2p/${relayPeer}`
      this.#proxies.set(`${spec.index}/${relay}`, { proxy, addr: via })
      addrs.push(via)
    }
    return addrs
  }

  #profile (spec: DeviceSpec): LinkProfile | undefined {
    const links = this.#world.scenario.links
    const profile = spec.kind === 'phone' ? links.patients : links.practitioners
    return profile.latencyMs === 0 && profile.loss === 0 ? undefined : profile
  }

  // identify teaches a device its relay's real listen address; a later redial by PeerId could then
  // skip the emulated link. Keep the emulated address as the only one the device knows.
  #pinEmulatedLinks (device: RunningDevice): void {
    const pinned = new Map(device.spec.relays.flatMap(r => {
      const link = this.#proxies.get(`${device.spec.index}/${r}`)
      return link === undefined ? [] : [[this.#keys.device(r).peerId, link.addr] as const]
    }))
    if (pinned.size === 0) return
    device.node.addEventListener('peer:identify', event => {
      const addr = pinned.get(event.detail.peerId.toString())
      if (addr !== undefined) void device.node.peerStore.patch(event.detail.peerId, { multiaddrs: [multiaddr(addr)] }).catch(() => {})
    })
  }

  #linkChanged (device: number, relay: number): void {
    const up = this.#links.up(device, relay)
    const devicePeer = peerIdFromString(this.#keys.device(device).peerId)
    const relayPeer = peerIdFromString(this.#keys.device(relay).peerId)
    const here = this.running.get(device)
    const link = this.#proxies.get(`${device}/${relay}`)
    if (!up) {
      link?.proxy.drop()
      void here?.node.hangUp(relayPeer).catch(() => {})
      void this.running.get(relay)?.node.hangUp(devicePeer).catch(() => {})
      return
    }
    // Back online: dial at once, as a phone does on a network change, rather than wait out the
    // relay keeper's backoff (which grows to 30 s of wall-clock time, hours of simulated time).
    const addr = link?.addr ?? (this.#relayAddrs.has(relay) ? `${this.#relayAddrs.get(relay) as string}/p2p/${relayPeer.toString()}` : undefined)
    if (here !== undefined && addr !== undefined) void here.node.dial(multiaddr(addr)).catch(() => {})
  }
}

/** The IPv4 host and TCP port of an address, if it has them. */
function hostPort (addr: Multiaddr): { host: string, port: number } | undefined {
  const parts = addr.getComponents()
  const host = parts.find(c => c.name === 'ip4')?.value
  const port = parts.find(c => c.name === 'tcp')?.value
  return host === undefined || port === undefined ? undefined : { host, port: Number(port) }
}

/** A short digest of a set of heads: equal digests, equal documents. */
export function headsDigest (heads: string[]): string {
  return createHash('sha256').update([...heads].sort().join(',')).digest('hex').slice(0, 12)
}
