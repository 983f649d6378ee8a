// What `techo serve` and the commands refuse to trust: a mistyped role, a start that fails
// half-way (which must release everything it took), and daemon.json files that do not lead to
// this data directory's live daemon (the pid now someone else's, another daemon, not loopback).
import { existsSync, writeFileSync } from 'node:fs'
import { createServer as createHttpServer } from 'node:http'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { initPatient, removeDir, techo } from '../../test/support/techo.js'
import { closedPort } from '../../test/support/closed-port.js'

let dir: string

test.before(async () => {
  ({ dir } = await initPatient())
  const added = await techo(dir, ['vitals', 'add', 'pulse', '64'], { passphrase: true })
  assert.is(added.code, 0, added.stderr)
})

test.after(() => {
  removeDir(dir)
})

test('serve refuses a mistyped role before asking the passphrase', async () => {
  const run = await techo(dir, ['serve', '--role', 'doctor', '--http-port', '0'])
  assert.is(run.code, 2)
  assert.is(run.stderr, '--role must be one of patient, practitioner, clinic, relay, not "doctor".\n')
})

test('serve that fails half-way (a role the identity cannot take, a taken port) releases the vault and leaves no daemon.json', async () => {
  const role = await techo(dir, ['serve', '--role', 'relay', '--http-port', '0'], { passphrase: true })
  assert.is(role.code, 1)
  assert.is(role.stderr, 'This data directory holds a patient identity, which cannot serve as relay; use --role patient.\n')
  const taken = await listening()
  try {
    const port = await techo(dir, ['serve', '--http-port', String(taken.port)], { passphrase: true })
    assert.is(port.code, 3)
    assert.match(port.stderr, `Port ${taken.port} on 127.0.0.1 is already in use (another techo serve?)`)
  } finally {
    await taken.close()
  }
  assert.not.ok(existsSync(join(dir, 'daemon.json')))
  const local = await techo(dir, ['show', '--type', 'pulse'], { passphrase: true })
  assert.is(local.code, 0)
})

test('a daemon.json whose pid is alive but whose URL is closed, or answers for another daemon, is ignored', async () => {
  // This test process stands in for an unrelated process that reused the dead daemon's pid.
  const other = await fakeServer({ peerId: 'another-daemon' })
  try {
    for (const url of [`http://127.0.0.1:${await closedPort()}`, other.url]) {
      writeDaemonJson({ url, token: 'old-token', pid: process.pid, peerId: 'old-daemon' })
      const run = await techo(dir, ['show', '--type', 'pulse'], { passphrase: true })
      assert.is(run.stderr, '', url)
      assert.is(run.code, 0, url)
      assert.match(run.stdout, '1 entry.')
    }
    // It was asked who it is, and nothing else.
    assert.equal(other.requests, ['GET /api/status'])
  } finally {
    await other.close()
  }
})

test('a daemon.json whose URL is not the 127.0.0.1 loopback is never contacted', async () => {
  const fake = await fakeServer({ peerId: 'p' })
  try {
    writeDaemonJson({ url: fake.url.replace('127.0.0.1', 'localhost'), token: 't', pid: process.pid, peerId: 'p' })
    const run = await techo(dir, ['show', '--type', 'pulse'], { passphrase: true })
    assert.is(run.code, 0)
    assert.match(run.stdout, '1 entry.')
    assert.equal(fake.requests, [])
  } finally {
    await fake.close()
  }
})

function writeDaemonJson (info: object): void {
  writeFileSync(join(dir, 'daemon.json'), JSON.stringify(info), { mode: 0o600 })
}

// An HTTP server on 127.0.0.1 that answers every request with `answer` and records what it was asked.
async function fakeServer (answer: object): Promise<{ url: string, requests: string[], close: () => Promise<void> }> {
  const requests: string[] = []
  const server = createHttpServer((req, res) => {
    requests.push(`${req.method ?? ''} ${req.url ?? ''}`)
    res.writeHead(200, { 'content-type': 'application/json', connection: 'close' }).end(JSON.stringify(answer))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return { url: `http://127.0.0.1:${port}`, requests, close: async () => { await new Promise(resolve => server.close(resolve)) } }
}

async function listening (): Promise<{ port: number, close: () => Promise<void> }> {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return { port, close: async () => { await new Promise(resolve => server.close(resolve)) } }
}


test.run()
