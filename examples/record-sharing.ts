// Record sharing, end to end, with the real `techo` command on a local dev chain: a clinic registers
// and runs its relay, approves a practitioner's device; a patient grants the clinic from the techo://
// link of its QR code; the doctor prescribes and the patient sees it; the doctor proves with `techo
// verify` that the copy it holds is the notebook the patient anchored; the patient revokes, and the
// next reading stays home.
//
// Run it from the repository, after `npx --yes pnpm@10.34.9 build`:  npx tsx examples/record-sharing.ts
import { field, walk } from './support/walk.js'

await walk(async w => {
  w.step('A local consent chain')
  const chainOut = await w.background('chain', ['chain', '--port', '0', '--block-ms', '200', '--chain-data', w.file('chain-data')], /Press Ctrl-C/)
  const chain = ['--chain', field(chainOut, /listening on (\S+)/, 'chain address')]

  w.step('The clinic registers with its name and runs its relay')
  const clinic = field((await w.techo('clinic', ['init', '--party', 'clinic', ...chain])).stdout, /Clinic id: +(\S+)/, 'clinic id')
  await w.techo('clinic', ['clinic', 'register', '--name', 'Sakura Clinic', '--address', '1-2-3 Sakura, Tokyo', ...chain])
  const relay = field(await w.background('clinic', ['serve', '--http-port', '0', ...chain], /Press Ctrl\+C/), /Addresses: +(\S+)/, 'relay address')

  w.step('A doctor\'s device joins the clinic, which approves it')
  const approve = field((await w.techo('doctor', ['init', '--join', clinic, ...chain])).stdout, /techo device approve (\S+)/, 'approval code')
  await w.techo('clinic', ['device', 'approve', approve, '--role', 'practitioner'])
  await w.background('doctor', ['serve', '--http-port', '0', '--bootstrap', relay, ...chain], /Press Ctrl\+C/)

  w.step('The patient scans the clinic\'s QR code and grants it write access')
  const patient = field((await w.techo('patient', ['init', ...chain])).stdout, /Patient id: +(\S+)/, 'patient id')
  await w.background('patient', ['serve', '--http-port', '0', ...chain], /Press Ctrl\+C/)
  const uri = field((await w.techo('clinic', ['qr', '--out', w.file('clinic-qr')])).stdout, /^(techo:\/\/clinic\/\S+)$/m, 'techo:// link')
  // The link carries the relay's address: the patient's node connects to it without --bootstrap.
  await w.techo('patient', ['grant', uri, '--scope', 'write', '--expires', '30d'])
  await w.techo('patient', ['clinics'])

  w.step('A reading reaches the doctor; the doctor prescribes, and the patient sees it')
  await w.techo('patient', ['vitals', 'add', 'bp', '142/91'])
  await w.until('doctor', ['show', '--patient', patient, '--type', 'bp'], r => r.stdout.includes('142/91'), 'the reading at the doctor')
  await w.techo('doctor', ['add', 'prescription', 'amlodipine', '5', 'mg', 'tablet', '--rxnorm', '308135', '--dose', '1 tablet', '--frequency', '1/d',
    '--quantity', '30 tablet', '--refills', '2', '--prescriber', 'Dr. Mori', '--patient', patient])
  await w.until('patient', ['show', '--type', 'prescription'], r => r.stdout.includes('amlodipine'), 'the prescription at the patient')
  await w.until('patient', ['audit'], r => r.stdout.includes('Sakura Clinic opened your notebook'), 'the doctor\'s view in the patient\'s audit')

  w.step('The doctor proves its copy is the notebook the patient anchored on chain')
  await w.until('doctor', ['verify', '--patient', patient, ...chain], r => r.code === 0, 'an anchor of the notebook the doctor holds')

  w.step('The patient revokes; the clinic\'s copies are destroyed and the next reading stays home')
  await w.techo('patient', ['revoke', clinic])
  await w.until('doctor', ['show', '--patient', patient], r => r.code === 3, 'the doctor\'s copy to be destroyed')
  await w.techo('patient', ['vitals', 'add', 'pulse', '77'])
  await w.techo('doctor', ['show', '--patient', patient], 3)
})
