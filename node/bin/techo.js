#!/usr/bin/env node
// The techo command: compiled JavaScript (`pnpm build` writes node/dist); each subcommand loads
// only the modules it needs, so `techo --help` costs little more than starting Node.
import { main } from '../dist/main.js'

process.exitCode = await main(process.argv.slice(2))
