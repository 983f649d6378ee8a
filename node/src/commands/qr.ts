// `techo qr`: the clinic's onboarding code. A patient scans it (or pastes its techo:// URI into
// `techo grant` or the web notebook) to grant the clinic access and connect to its relay.
import { type Command } from 'commander'
import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { CardAnswer } from '../access/clinic-card.js'
import { dataDirFrom, type GlobalOptions } from '../cli/config.js'

export function registerQr (program: Command): void {
  program.command('qr')
    .description('print this clinic\'s QR code (a techo:// URI with its id, signed name and relay) and write it as PNG and SVG')
    .option('--out <name>', 'write <name>.png and <name>.svg', 'clinic-qr')
    .action(async (_o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<GlobalOptions & { out: string }>()
      const card = await cardOf(opts)
      const { qrModules, qrPng, qrSvg, qrTerminal } = await import('../cli/qr-code.js')
      const modules = qrModules(card.uri)
      const png = resolve(`${opts.out}.png`)
      const svg = resolve(`${opts.out}.svg`)
      writeFileSync(png, qrPng(modules), { mode: 0o644 })
      writeFileSync(svg, qrSvg(modules), { mode: 0o644 })
      console.log(`${card.name ?? 'This clinic'}: patients scan this code to grant access.`)
      console.log(qrTerminal(modules))
      console.log(card.uri)
      if (card.profile === undefined) console.log('It carries no name: `techo clinic register --name "…"` signs one, so patients see it.')
      if (card.addresses.length === 0) console.log('It names no relay address: run it while `techo serve` runs this clinic\'s relay, so patients\' nodes can connect.')
      console.log(`Wrote ${png} and ${svg}.`)
    })
}

// Through the running daemon, which knows the relay's addresses; else from this data directory alone.
async function cardOf (opts: GlobalOptions): Promise<CardAnswer> {
  const dataDir = dataDirFrom(opts.data)
  const daemon = await (await import('../access/live-daemon.js')).liveDaemonClient(dataDir)
  if (daemon !== undefined) return await daemon.call<CardAnswer>('GET', '/api/clinic/card')
  const [{ withSession }, { clinicCard }] = await Promise.all([import('../session/session.js'), import('../access/clinic-card.js')])
  return await withSession(opts, async s => await clinicCard(s, []))
}
