// Every `techo` subcommand, in the order `techo --help` lists them.
import { type Command } from 'commander'
import { registerAdd } from './add.js'
import { registerAudit } from './audit.js'
import { registerChain } from './chain.js'
import { registerConsent } from './consent.js'
import { registerFhir } from './fhir.js'
import { registerInit } from './init.js'
import { registerParty } from './party.js'
import { registerQr } from './qr.js'
import { registerRecover } from './recover.js'
import { registerServe } from './serve.js'
import { registerShow } from './show.js'
import { registerSim } from './sim.js'
import { registerSync } from './sync.js'
import { registerVerify } from './verify.js'
import { registerVitals } from './vitals.js'

/** Adds all subcommands to the program. */
export function registerCommands (program: Command): void {
  registerInit(program)
  registerVitals(program)
  registerAdd(program)
  registerShow(program)
  registerFhir(program)
  registerRecover(program)
  registerConsent(program)
  registerParty(program)
  registerQr(program)
  registerAudit(program)
  registerChain(program)
  registerServe(program)
  registerVerify(program)
  registerSync(program)
  registerSim(program)
}
