// The README's first command: a demo patient with four weeks of readings, printed as a table.
// Everything goes through the same code a patient uses (init, the notebook API, show).
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { main } from './main.js'
import { withAccess } from './open-access.js'

const dataDir = join(process.cwd(), '.techo-demo', 'patient')
const DAYS = 28
process.env.TECHO_PASSPHRASE = 'demo passphrase'

rmSync(dataDir, { recursive: true, force: true })
console.log('Creating a demo patient notebook (passphrase: "demo passphrase")...\n')
if (await main(['init', '--data', dataDir]) !== 0) process.exit(1)

// A month of plausible morning readings; one reading per line of `techo vitals add`.
const day = 24 * 60 * 60 * 1000
const start = Date.now() - DAYS * day
let n = 0
await withAccess({ data: dataDir }, async a => {
  for (let d = 0; d < DAYS; d++) {
    const morning = new Date(start + d * day).toISOString().slice(0, 10) + 'T07:30:00+09:00'
    const wave = Math.sin(d / 4)
    await a.addVital({ kind: 'bp', systolic: Math.round(122 + 6 * wave), diastolic: Math.round(79 + 4 * wave), at: morning })
    await a.addVital({ kind: 'pulse', value: Math.round(66 + 5 * Math.cos(d / 3)), at: morning })
    await a.addVital({ kind: 'temp', value: Math.round((36.5 + 0.2 * wave) * 10) / 10, at: morning })
    if (d % 3 === 0) await a.addVital({ kind: 'weight', value: Math.round((64.8 - d * 0.03) * 10) / 10, at: morning })
    await a.addVital({ kind: 'steps', value: 6000 + ((d * 1379) % 5000), at: morning.replace('07:30', '21:00') })
    n += d % 3 === 0 ? 5 : 4
  }
  await a.addEntry('allergy', { code: 'peanut', criticality: 'high', reaction: 'hives' })
  await a.addEntry('medication', { medication: 'loratadine 10 mg', dosage: 'once daily' })
})
console.log(`\nAdded ${n} readings over ${DAYS} days, an allergy and a medication. The last week:\n`)
const weekAgo = new Date(Date.now() - 7 * day).toISOString().slice(0, 10)
await main(['show', '--data', dataDir, '--since', weekAgo])
console.log(`
Try it yourself (TECHO_PASSPHRASE="demo passphrase" or answer the prompt):
  pnpm techo vitals add bp 118/76 --data ${dataDir}
  pnpm techo show --type bp --data ${dataDir}
  pnpm techo export --fhir notebook.json --data ${dataDir}`)
