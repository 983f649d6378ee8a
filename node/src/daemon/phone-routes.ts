// What a phone's page needs from the Techo node that served it, without the daemon's token (the
// phone is another device, not this computer's owner): the consent chain's read calls, forwarded
// to the chain this node follows, so the page's own ledger view follows it too; a sponsor that
// publishes consent payloads the phone signed (the sponsor cannot forge one, and the phone needs no
// IOST account), answered once this node's own view has the transaction's block, so
// a phone approved a moment ago is not turned away by this relay's gater; and where this node's
// relay listens for WebSockets. The sponsor is open to anyone and spends this clinic's gas, so it
// publishes only what a patient's phone needs (sponsor-policy.ts), within budgets (sponsor-budget.ts),
// and nothing while this node does not follow the chain to judge by.
import { HttpError } from '@techo/http-server'
import { Ledger, chainUrls, type LedgerView } from '@techo/ledger'
import type { ChainConfig } from '../cli/chain-settings.js'
import { objectBody, type ApiRoute } from './routes.js'
import { SponsorBudget } from './sponsor-budget.js'
import { sponsorable } from './sponsor-policy.js'

/** Where the phone routes live: open to any page of this origin, unlike /api/. */
export const PHONE_API = '/phone/api'
const SPONSOR_BODY_LIMIT = 4 * 1024
const CHAIN_BODY_LIMIT = 4 * 1024
/** How long the sponsor waits for this node's view to apply a published transaction's block. */
const SEEN_WAIT_MS = 10_000

/** What `GET /phone/api/node` answers: the node a phone grants and syncs with. */
export interface PhoneNode {
  role: string
  /** The party this node belongs to (a clinic's id, for a relay). */
  party: string
  peerId: string
  /** Its WebSockets listen addresses, each ending in /p2p/<peer id>: the ones a browser can dial. */
  websockets: string[]
}

/** The node a phone grants, and the consent contract it follows, whose calls this node forwards. */
export type PhoneNodeAnswer = PhoneNode & { contract: string, chainId: number }

/** The routes under /phone/api/: the node's description, the chain's read calls, and the sponsor. */
export function phoneRoutes (chain: ChainConfig, node: () => PhoneNode, view: () => LedgerView | undefined): ApiRoute[] {
  const ledger = new Ledger(chain)
  const budget = new SponsorBudget()
  // A quorum of nodes is the phone's to ask for; through this node it reads the first one.
  const [upstream] = chainUrls(chain.url)
  const forward = async (path: string, body?: unknown): Promise<unknown> => {
    const res = await fetch(`${upstream}/${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    }).catch((err: unknown) => { throw new HttpError(502, 'ERR_CHAIN_UNREACHABLE', `The consent chain at ${upstream} did not answer (${(err as Error).message}).`) })
    const text = await res.text()
    if (!res.ok) throw new HttpError(res.status, 'ERR_CHAIN_REFUSED', text.slice(0, 300))
    return JSON.parse(text)
  }
  const get = (path: string, to: (params: Record<string, string>) => string): ApiRoute =>
    ({ method: 'GET', path: `${PHONE_API}/chain/${path}`, handle: async ({ params }) => await forward(to(params)) })
  return [
    { method: 'GET', path: `${PHONE_API}/node`, handle: async (): Promise<PhoneNodeAnswer> => ({ ...node(), contract: chain.contract, chainId: chain.chainId }) },
    get('getChainInfo', () => 'getChainInfo'),
    get('getNodeInfo', () => 'getNodeInfo'),
    get('getTxReceiptByTxHash/:hash', p => `getTxReceiptByTxHash/${encodeURIComponent(p.hash ?? '')}`),
    get('getBlockByNumber/:n/true', p => `getBlockByNumber/${encodeURIComponent(p.n ?? '')}/true`),
    { method: 'POST', path: `${PHONE_API}/chain/getContractStorage`, maxBody: CHAIN_BODY_LIMIT, handle: async ({ body }) => await forward('getContractStorage', objectBody(body)) },
    {
      method: 'POST',
      path: `${PHONE_API}/sponsor`,
      maxBody: SPONSOR_BODY_LIMIT,
      handle: async ({ body }) => {
        const following = view()
        if (following === undefined) throw new HttpError(503, 'ERR_CHAIN_UNREACHABLE', 'This node does not follow the consent chain yet, so it cannot judge what it would sponsor; try again shortly.')
        const { action, signed, patient } = sponsorable(objectBody<Record<string, unknown>>(body), { clinic: node().party, view: following })
        // Waiting for this node's view counts as in flight too: each such request holds a connection.
        const r = await budget.spend({ patient, registers: action === 'registerParty' }, async () => {
          const published = await ledger.submit(action, signed)
          await applied(following, published.event.block)
          return published
        })
        return { tx: r.txHash, event: r.event }
      }
    }
  ]
}

/** Resolves once `view` has applied `block`, or after SEEN_WAIT_MS all the same. */
async function applied (view: LedgerView, block: number): Promise<void> {
  if (view.height >= block) return
  await new Promise<void>(resolve => {
    const done = (): void => {
      clearTimeout(timer)
      view.off('block', onBlock)
      resolve()
    }
    const onBlock = (height: number): void => { if (height >= block) done() }
    const timer = setTimeout(done, SEEN_WAIT_MS)
    view.on('block', onBlock)
  })
}
