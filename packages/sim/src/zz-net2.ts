import { createDeviceKey } from '@techo/identity'
import { createTechoNode, multiaddr } from '@techo/net'
const N = Number(process.argv[2] ?? 20)
const rk = createDeviceKey()
const relay = await createTechoNode({ role: 'relay', privateKey: rk.raw, listen: ['/ip4/127.0.0.1/tcp/0'], relay: { maxReservations: 100000, maxConnections: 100000 }, connectionMonitor: false })
const addr = relay.getMultiaddrs()[0]!.toString()
const c: number[] = [], d: number[] = []
for (let i = 0; i < N; i++) {
  const k = createDeviceKey(); let t = performance.now()
  const n = await createTechoNode({ role: 'patient', privateKey: k.raw, listen: [], connectionMonitor: false })
  c.push(performance.now() - t); t = performance.now()
  await n.dial(multiaddr(addr))
  d.push(performance.now() - t)
}
const med = (a: number[]) => a.sort((x, y) => x - y)[a.length >> 1]!.toFixed(1)
console.log('create median', med(c), 'dial median', med(d))
process.exit(0)
