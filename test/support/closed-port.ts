// A port on 127.0.0.1 that nothing listens on (it was free a moment ago): where a test points a
// client to see how it fails when nobody answers.
import { createServer } from 'node:net'

/** Resolves to a loopback port that was just freed, so a connection to it is refused. */
export async function closedPort (): Promise<number> {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise(resolve => server.close(resolve))
  return port
}
