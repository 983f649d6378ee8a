// A public server (the phone app a clinic serves to other devices) against real HTTPS requests: it
// answers by any name, but a browser's request from a page of another origin, or a form, is still
// refused; the local rules (Host, Origin of 127.0.0.1) do not apply.
import { readFileSync } from 'node:fs'
import { request } from 'node:https'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { HttpError, startServer, type ListeningServer } from '../src/index.js'

// A test-only certificate for clinic.test and 127.0.0.1 (fixtures/tls/README.md).
const cert = readFileSync(new URL('../../../fixtures/tls/clinic.test.crt', import.meta.url), 'utf8')
const key = readFileSync(new URL('../../../fixtures/tls/clinic.test.key', import.meta.url), 'utf8')

let server: ListeningServer

test.before(async () => {
  server = await startServer({
    name: 'test',
    port: 0,
    tls: { cert, key },
    audience: 'public',
    routes: [{ method: 'POST', path: '/things', handle: async ({ body }) => ({ stored: body.length }) }],
    bodyTypes: ['application/json'],
    maxBody: 1024,
    describeError: err => err instanceof HttpError ? { status: err.status, body: { code: err.code } } : { status: 500, body: {}, internal: true },
    portInUse: port => new Error(`port ${port} taken`)
  })
})
test.after(async () => { await server.close() })

/** One POST over HTTPS to 127.0.0.1, trusting only the test certificate, with the Host and Origin a browser would send. */
async function post (headers: Record<string, string>, body = '{}'): Promise<{ status: number, text: string }> {
  return await new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', servername: 'clinic.test', ca: cert, port: server.port, method: 'POST', path: '/things', headers }, res => {
      let text = ''
      res.on('data', (d: Buffer) => { text += d.toString() })
      res.on('end', () => { resolve({ status: res.statusCode ?? 0, text }) })
    })
    req.on('error', reject)
    req.end(body)
  })
}

test('it serves HTTPS with the given certificate, by any name; its own pages may call it', async () => {
  assert.is(server.url, `https://127.0.0.1:${server.port}`)
  const json = { 'content-type': 'application/json' }
  assert.is((await post({ ...json, host: `clinic.test:${server.port}` })).status, 200)
  assert.is((await post({ ...json, host: 'clinic.example', origin: 'https://clinic.example' })).status, 200)
})

test('a page of another origin, the same name over plain http, or a form is refused', async () => {
  const json = { 'content-type': 'application/json', host: 'clinic.example' }
  assert.equal(JSON.parse((await post({ ...json, origin: 'https://evil.example' })).text), { code: 'ERR_BAD_ORIGIN' })
  assert.equal(JSON.parse((await post({ ...json, origin: 'http://clinic.example' })).text), { code: 'ERR_BAD_ORIGIN' })
  assert.equal(JSON.parse((await post({ host: 'clinic.example', 'content-type': 'application/x-www-form-urlencoded' }, 'a=1')).text), { code: 'ERR_BAD_CONTENT_TYPE' })
})

test.run()
