// A command served by the daemon waits as long as the daemon works: Node's global HTTP agent gives
// up on a socket silent for 5 s, which once cut big imports through a busy daemon short.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { localDaemon } from '../src/access/local-http.js'

test('a call the daemon answers only after 6 s still gets its answer', async () => {
  const server = createServer((_req, res) => {
    setTimeout(() => { res.setHeader('content-type', 'application/json'); res.end('{"imported":2666}') }, 6000)
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  try {
    const { port } = server.address() as AddressInfo
    const answer = await localDaemon({ url: `http://127.0.0.1:${port}`, token: 't' }).call<{ imported: number }>('POST', '/api/import', {})
    assert.equal(answer, { imported: 2666 })
  } finally {
    server.closeAllConnections()
    server.close()
  }
})

test.run()
