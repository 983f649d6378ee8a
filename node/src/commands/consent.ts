// `techo grant`, `techo revoke`, `techo clinics`: a patient's consent, kept on the chain.
import { type Command } from 'commander'
import { withConsent } from '../access/open-consent.js'
import { withChainOptions } from '../cli/chain-settings.js'
import { type GlobalOptions } from '../cli/config.js'
import { expiryFrom } from '../cli/duration.js'
import { CliError } from '../cli/exit.js'
import { renderTable } from '../cli/table.js'
import { SCOPES, isOneOf } from '../cli/vocabulary.js'

type Opts = GlobalOptions & { chain?: string, contract?: string }

export function registerConsent (program: Command): void {
  withChainOptions(program.command('grant <clinic>'))
    .description('let a clinic read (or read and write) your notebook until the grant expires; <clinic> is its id or the techo:// URI of its QR code')
    .option('--scope <scope>', 'read or write', 'read')
    .option('--expires <when>', 'how long: 90d, 12w, 48h, 1y, or an ISO 8601 date', '90d')
    .action(async (clinic: string, _o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<Opts & { scope: string, expires: string }>()
      const scope = opts.scope
      if (!isOneOf(SCOPES, scope)) throw new CliError(`--scope must be read or write, not ${JSON.stringify(scope)}.`)
      const until = expiryFrom(opts.expires)
      const r = await withConsent(opts, async c => await c.grant(clinic, scope, until))
      console.log(`${r.said}\n  transaction ${r.tx}`)
    })

  withChainOptions(program.command('revoke <clinic>'))
    .description('withdraw a clinic\'s access to your notebook (from the next block)')
    .action(async (clinic: string, _o: unknown, cmd: Command) => {
      const r = await withConsent(cmd.optsWithGlobals<Opts>(), async c => await c.revoke(clinic))
      console.log(`${r.said}\n  transaction ${r.tx}`)
      console.log('Your devices stop syncing with this clinic, and its devices destroy their copy of your notebook.')
      console.log('Revoke is not erase: anything the clinic already received may have been copied or printed;')
      console.log('ask the clinic directly if you need it deleted.')
    })

  withChainOptions(program.command('clinics'))
    .description('list the clinics you granted access to (or, on a clinic node, the notebooks granted to it)')
    .action(async (_o: unknown, cmd: Command) => {
      const rows = await withConsent(cmd.optsWithGlobals<Opts>(), async c => ({ grants: await c.grants(), role: (await c.whoami()).role }))
      if (rows.grants.length === 0) {
        console.log(rows.role === 'patient' ? 'You have granted no clinic access.' : 'No patient has granted this clinic access.')
        return
      }
      const state = (g: { active: boolean, revoked: boolean }): string => g.revoked ? 'revoked' : g.active ? 'active' : 'expired'
      const patient = rows.role === 'patient'
      console.log(renderTable(patient ? ['Clinic', 'Id', 'Scope', 'Until', 'State'] : ['Patient', 'Scope', 'Until', 'State'], rows.grants.map(g => [
        ...(patient ? [g.clinicName ?? '(name not known)', g.clinic] : [g.patient]), g.scope, new Date(g.until).toISOString().slice(0, 16).replace('T', ' '), state(g)
      ])))
    })
}
