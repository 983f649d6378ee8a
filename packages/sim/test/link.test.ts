// The emulated link between a device and its relay: it delays what crosses it by the link's
// latency each way, keeps the bytes in order, refuses connections while the link is down and drops
// the ones it carries when it goes down.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { connect, createServer, type Server, type Socket } from 'node:net'
import { LinkProxy } from '../src/proxy.js'
import { Random } from '../src/random.js'

let echo: Server
let echoPort: number
let up = true
const echoed = new Set<Socket>()

test.before(async () => {
  echo = createServer(socket => {
    echoed.add(socket)
    socket.on('error', () => {})
    socket.pipe(socket)
  })
  await new Promise<void>(resolve => echo.listen(0, '127.0.0.1', resolve))
  echoPort = (echo.address() as { port: number }).port
})

test.after(async () => {
  for (const socket of echoed) socket.destroy()
  await new Promise(resolve => echo.close(resolve))
})

async function open (port: number): Promise<Socket> {
  const socket = connect(port, '127.0.0.1')
  await new Promise<void>((resolve, reject) => { socket.once('connect', resolve); socket.once('error', reject) })
  return socket
}

function received (socket: Socket, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    socket.on('data', chunk => {
      chunks.push(chunk)
      if (Buffer.concat(chunks).length >= length) resolve(Buffer.concat(chunks))
    })
    socket.once('close', () => reject(new Error('closed before the echo came back')))
  })
}

test('a round trip through the link takes at least twice its latency, in order', async () => {
  const proxy = new LinkProxy({ host: '127.0.0.1', port: echoPort }, { latencyMs: 60, jitterMs: 20, loss: 0 }, new Random('link', 'test'), () => up)
  const port = await proxy.start('127.0.0.1')
  try {
    const socket = await open(port)
    const message = Buffer.from(Array.from({ length: 50 }, (_, i) => `chunk ${i};`).join(''))
    const started = performance.now()
    const answer = received(socket, message.length)
    for (let i = 0; i < message.length; i += 37) socket.write(message.subarray(i, i + 37))
    assert.equal(await answer, message)
    assert.ok(performance.now() - started >= 2 * (60 - 20), `the echo came back after ${performance.now() - started} ms`)
    socket.destroy()
  } finally {
    await proxy.close()
  }
})

test('a link that is down refuses connections and drops the ones it carried', async () => {
  const proxy = new LinkProxy({ host: '127.0.0.1', port: echoPort }, { latencyMs: 1, jitterMs: 0, loss: 0 }, new Random('link', 'test'), () => up)
  const port = await proxy.start('127.0.0.1')
  try {
    const carried = await open(port)
    const closed = new Promise(resolve => carried.once('close', resolve))
    up = false
    proxy.drop()
    await closed
    const refused = await open(port)
    await new Promise(resolve => refused.once('close', resolve))
    up = true
    const again = await open(port)
    const answer = received(again, 5)
    again.write('hello')
    assert.is((await answer).toString(), 'hello')
    again.destroy()
  } finally {
    up = true
    await proxy.close()
  }
})

test.run()
