// The `techo` command: one binary, one subcommand per task. Every failure ends as one plain
// sentence on stderr and an exit code (1 bad input, 2 usage, 3 refused, 4 internal).
import { Command, CommanderError } from 'commander'
import { readFileSync } from 'node:fs'
import { registerCommands } from './commands/index.js'
import { EXIT, describeError, exitCodeFor } from './cli/exit.js'

/** Builds the command tree. */
function buildProgram (): Command {
  const program = new Command('techo')
    .description('Techo: your health notebook, local-first, shared only with the clinics you choose.')
    .version(version(), '--version', 'print the version of techo')
    .option('--data <dir>', 'data directory (default: $TECHO_DATA or ~/.techo)')
    .option('--passphrase-file <file>', 'read the passphrase from this file (or set TECHO_PASSPHRASE)')
    .option('--patient <id>', 'on a clinic node: the patient whose notebook to show or write to')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
  registerCommands(program)
  for (const cmd of program.commands) propagateExitOverride(cmd)
  return program
}

function version (): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
  return pkg.version
}

function propagateExitOverride (cmd: Command): void {
  cmd.exitOverride()
  for (const sub of cmd.commands) propagateExitOverride(sub)
}

/** Runs the command line and resolves to the process exit code. */
export async function main (argv: string[]): Promise<number> {
  // Everything techo writes is health data or keys: files 0600 and folders 0700, LevelDB's included.
  process.umask(0o077)
  try {
    await buildProgram().parseAsync(argv, { from: 'user' })
    // A command that printed its answer and still failed (techo verify, not verified) set the code itself.
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commander already printed its own message (or the help text).
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage
    }
    process.stderr.write(describeError(err) + '\n')
    return exitCodeFor(err)
  }
}
