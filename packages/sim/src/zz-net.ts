import { createDeviceKey } from '@techo/identity'
import { createTechoNode } from '@techo/net'
const N = Number(process.argv[2] ?? 50), C = Number(process.argv[3] ?? 16)
const rk = createDeviceKey()
const relay = await createTechoNode({ role: 'relay', privateKey: rk.raw, listen: ['/ip4/127.0.0.1/tcp/0'], relay: { maxReservations: 100000, maxConnections: 100000 }, connectionMonitor: false })
const addr = relay.getMultiaddrs()[0]!.toString()
console.log(addr)
let next = 0; const times: number[] = []
const t0 = Date.now()
await Promise.all(Array.from({ length: C }, async () => { while (next < N) { next++; const k = createDeviceKey(); const t = Date.now(); const n = await createTechoNode({ role: 'patient', privateKey: k.raw, listen: [], bootstrap: [addr], connectionMonitor: false }); times.push(Date.now() - t); if (n.getConnections().length === 0) console.log('not connected') } }))
times.sort((a, b) => a - b)
console.log('total', Date.now() - t0, 'median', times[times.length >> 1], 'max', times.at(-1), 'p90', times[Math.floor(times.length * 0.9)])
process.exit(0)
