// Under Node 20 the WebSockets transport dials with the WebSocket @techo/net lends it (ws's). A dial
// the transport gives up on is closed while it still connects, and the socket then reports an
// error nobody listens for: as in a browser, that must not end the process.
import { createServer, type Socket } from 'node:net'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import '../src/index.js'

test('a WebSocket closed while it connects reports its error to nobody without ending the process', async () => {
  // A server that accepts and never answers the upgrade, so the socket stays connecting.
  const sockets: Socket[] = []
  const server = createServer(socket => { sockets.push(socket) })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const uncaught: unknown[] = []
  const onUncaught = (err: unknown): void => { uncaught.push(err) }
  process.on('uncaughtException', onUncaught)
  try {
    const { port } = server.address() as { port: number }
    const ws = new WebSocket(`ws://127.0.0.1:${port}`)
    await new Promise(resolve => setTimeout(resolve, 50))
    ws.close()
    await new Promise(resolve => setTimeout(resolve, 100))
    assert.equal(uncaught, [])
  } finally {
    process.off('uncaughtException', onUncaught)
    for (const socket of sockets) socket.destroy()
    await new Promise(resolve => server.close(resolve))
  }
})

test.run()
