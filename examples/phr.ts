// The personal health record, end to end, with the real `techo` command on a local dev chain: a
// patient signs up and records temperatures and blood pressures on their own device; a clinic is
// authorised to read; the notebook syncs to the clinic's relay, the patient's node anchors its salted
// digest on chain, the clinic proves its copy against it and views the readings (the chart is in
// the clinic workspace, whose address its relay prints).
//
// Run it from the repository, after `npx --yes pnpm@10.34.9 build`:  npx tsx examples/phr.ts
import { field, walk } from './support/walk.js'

const DAY = 86_400_000

await walk(async w => {
  w.step('A local consent chain, and a clinic running its relay')
  const chainOut = await w.background('chain', ['chain', '--port', '0', '--block-ms', '200', '--chain-data', w.file('chain-data')], /Press Ctrl-C/)
  const chain = ['--chain', field(chainOut, /listening on (\S+)/, 'chain address')]
  const clinic = field((await w.techo('clinic', ['init', '--party', 'clinic', ...chain])).stdout, /Clinic id: +(\S+)/, 'clinic id')
  await w.techo('clinic', ['clinic', 'register', '--name', 'Sakura Clinic', ...chain])
  const relay = field(await w.background('clinic', ['serve', '--http-port', '0', ...chain], /Press Ctrl\+C/), /Addresses: +(\S+)/, 'relay address')

  w.step('The patient signs up and records a week of temperatures and blood pressures')
  const patient = field((await w.techo('patient', ['init', ...chain])).stdout, /Patient id: +(\S+)/, 'patient id')
  await w.background('patient', ['serve', '--http-port', '0', '--bootstrap', relay, ...chain], /Press Ctrl\+C/)
  for (let d = 6; d >= 0; d--) {
    const at = new Date(Date.now() - d * DAY - 3_600_000).toISOString().slice(0, 16) + 'Z'
    await w.techo('patient', ['vitals', 'add', 'temp', (36.5 + (d % 3) / 10).toFixed(1), '--at', at])
    await w.techo('patient', ['vitals', 'add', 'bp', `${128 + d}/${84 - d}`, '--at', at])
  }
  await w.techo('patient', ['show', '--type', 'bp'])

  w.step('The patient authorises the clinic to read; the notebook syncs to its relay')
  await w.techo('patient', ['grant', clinic, '--scope', 'read', '--expires', '90d'])
  await w.until('clinic', ['show', '--patient', patient, '--type', 'bp'], r => r.stdout.includes('7 entries.'), 'the week of readings at the clinic')

  w.step('The patient\'s node anchored the notebook\'s salted digest; the clinic proves its copy against it')
  await w.until('patient', ['audit', '--chain', chain[1] ?? ''], r => r.stdout.includes('anchored digest'), 'an anchor on chain')
  await w.until('clinic', ['verify', '--patient', patient, ...chain], r => r.code === 0, 'the clinic\'s copy to match an anchor')

  w.step('The clinic views the readings')
  await w.techo('clinic', ['show', '--patient', patient, '--type', 'temp'])
  console.log('\nWhile the relay runs, the Workspace link it printed (above) opens the clinic workspace, which draws them as a chart.')
})
