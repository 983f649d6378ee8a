// The local server against real requests over loopback: a page elsewhere cannot reach the routes
// (foreign Host, foreign Origin, form-encoded bodies), and routes, queries, limits and errors are
// answered the way an API's callers rely on.
import { request } from 'node:http'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { HttpError, startServer, type ListeningServer } from '../src/index.js'

let server: ListeningServer
const seen: string[] = []

test.before(async () => {
  server = await startServer({
    name: 'test',
    port: 0,
    routes: [
      { method: 'GET', path: '/things/:id', query: ['full'], handle: async ({ params, query }) => ({ id: params.id, full: query.get('full') }) },
      { method: 'POST', path: '/things', maxBody: 32, status: 201, handle: async ({ body }) => { seen.push(body); return { stored: body.length } } },
      { method: 'POST', path: '/slow', streams: true, handle: async ({ send }) => { send({ step: 1 }); send({ step: 2 }); return 'done' } },
      { method: 'GET', path: '/broken', handle: async () => { throw new Error('boom') } }
    ],
    bodyTypes: ['application/json'],
    maxBody: 1024,
    describeError: err => err instanceof HttpError
      ? { status: err.status, body: { code: err.code } }
      : { status: 500, body: { code: 'ERR_INTERNAL' }, internal: true },
    portInUse: port => new Error(`port ${port} taken`)
  })
})
test.after(async () => { await server.close() })

/** One raw request, so Host and Origin can be set as a browser or an attacker would. */
async function send (method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<{ status: number, text: string }> {
  return await new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, method, path, headers }, res => {
      let text = ''
      res.on('data', (d: Buffer) => { text += d.toString() })
      res.on('end', () => { resolve({ status: res.statusCode ?? 0, text }) })
    })
    req.on('error', reject)
    req.end(body)
  })
}

test('routes answer with their parameters and status; unknown paths, methods and queries are refused', async () => {
  assert.equal(JSON.parse((await send('GET', '/things/a%20b?full=1')).text), { id: 'a b', full: '1' })
  assert.is((await send('POST', '/things', { 'content-type': 'application/json' }, '{"x":1}')).status, 201)
  assert.equal([(await send('GET', '/nothing')).status, JSON.parse((await send('GET', '/nothing')).text)], [404, { code: 'ERR_NOT_FOUND' }])
  assert.is((await send('DELETE', '/things/1')).status, 405)
  assert.equal(JSON.parse((await send('GET', '/things/1?fulll=1')).text), { code: 'ERR_BAD_QUERY' })
  assert.equal(JSON.parse((await send('GET', '/broken')).text), { code: 'ERR_INTERNAL' })
})

test('a foreign Host (DNS rebinding) or a foreign Origin (a page elsewhere) is refused before any route runs', async () => {
  const before = seen.length
  const rebinding = await send('POST', '/things', { host: `evil.example:${server.port}`, 'content-type': 'application/json' }, '{}')
  assert.equal([rebinding.status, JSON.parse(rebinding.text)], [403, { code: 'ERR_BAD_HOST' }])
  const crossSite = await send('POST', '/things', { origin: 'https://evil.example', 'content-type': 'application/json' }, '{}')
  assert.equal([crossSite.status, JSON.parse(crossSite.text)], [403, { code: 'ERR_BAD_ORIGIN' }])
  // The server's own page may call it.
  assert.is((await send('POST', '/things', { origin: `http://127.0.0.1:${server.port}`, 'content-type': 'application/json' }, '{}')).status, 201)
  assert.is(seen.length, before + 1)
})

test('bodies a browser sends across sites without asking (forms, plain text here) and oversize bodies are refused', async () => {
  const before = seen.length
  assert.equal(JSON.parse((await send('POST', '/things', { 'content-type': 'application/x-www-form-urlencoded' }, 'a=1')).text), { code: 'ERR_BAD_CONTENT_TYPE' })
  assert.equal(JSON.parse((await send('POST', '/things', { 'content-type': 'text/plain' }, '{}')).text), { code: 'ERR_BAD_CONTENT_TYPE' })
  assert.equal(JSON.parse((await send('POST', '/things', { 'content-type': 'application/json' }, 'x'.repeat(33))).text), { code: 'ERR_PAYLOAD_TOO_LARGE' })
  assert.is(seen.length, before)
})

test('a streaming route answers JSON lines, its result last', async () => {
  const res = await send('POST', '/slow', { 'content-type': 'application/json' }, '{}')
  assert.equal(res.text.trim().split('\n').map(l => JSON.parse(l)), [{ step: 1 }, { step: 2 }, { result: 'done' }])
})

test('a taken port is reported with the caller\'s error', async () => {
  try {
    await startServer({ name: 'test', port: server.port, routes: [], bodyTypes: [], maxBody: 0, describeError: () => ({ status: 500, body: {} }), portInUse: port => new Error(`port ${port} taken`) })
    assert.unreachable()
  } catch (err) {
    assert.is((err as Error).message, `port ${server.port} taken`)
  }
})

test.run()
