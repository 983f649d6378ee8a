// While `pnpm start` runs, any web page the developer opens can make the browser send requests to
// 127.0.0.1:30001, and the dev chain's `admin` key is public. The chain refuses what such a page can
// send: a foreign Origin, a rebinding Host name, a form-encoded body. The SDK (no Origin, text/plain)
// is served as before.
import { request } from 'node:http'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { startDevChain, type DevChain } from '../src/index.js'
import { get, post, signTx } from './helpers.js'

let chain: DevChain

test.before(async () => { chain = await startDevChain({ port: 0, blockIntervalMs: 0 }) })
test.after(async () => { await chain.close() })

async function raw (path: string, headers: Record<string, string>, body: string): Promise<{ status: number, json: { code: number, message: string } }> {
  const port = Number(new URL(chain.url).port)
  return await new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: 'POST', path, headers }, res => {
      let text = ''
      res.on('data', (d: Buffer) => { text += d.toString() })
      res.on('end', () => { resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }) })
    })
    req.on('error', reject)
    req.end(body)
  })
}

test('a transaction posted from a web page, through a rebinding name, or as a form never reaches a block', async () => {
  const tx = JSON.stringify(signTx(chain, [['system.iost', 'receipt', ['from a web page']]]))
  const attempts: Array<Record<string, string>> = [
    { origin: 'https://evil.example', 'content-type': 'text/plain' },
    { host: `rebind.evil.example:${new URL(chain.url).port}`, 'content-type': 'text/plain' },
    { 'content-type': 'application/x-www-form-urlencoded' }
  ]
  const answers = []
  for (const headers of attempts) answers.push(await raw('/sendTx', headers, tx))
  assert.equal(answers.map(a => a.status), [403, 403, 415])
  assert.match(answers[0]?.json.message ?? '', 'Requests from pages of https://evil.example are refused')
  await chain.produceBlock()
  const head = await get(chain, '/getChainInfo')
  const block = await get(chain, `/getBlockByNumber/${String(head.json.head_block)}/true`)
  assert.equal((block.json.block as { transactions: unknown[] }).transactions, [], 'nothing was queued')
})

test('the SDK\'s requests (no Origin, text/plain) are served as before', async () => {
  const res = await post(chain, '/sendTx', JSON.stringify(signTx(chain, [['system.iost', 'receipt', ['from the SDK']]])))
  assert.is(res.status, 200)
  assert.type(res.json.hash, 'string')
})

test.run()
