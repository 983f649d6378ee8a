#!/usr/bin/env node
// The techo command: compiled JavaScript (`pnpm build` writes node/dist); each subcommand loads
// only the modules it needs, so `techo --help` costs little more than starting Node.
import module from 'node:module'

// Node 22 and later keep V8's compiled code between runs (in the OS temp folder): later starts
// skip parsing. Node 20 has no such cache and skips this.
module.enableCompileCache?.()
const { main } = await import('../dist/main.js')
process.exitCode = await main(process.argv.slice(2))
