#!/usr/bin/env node
// The techo command runs its TypeScript sources through tsx's loader, so there is no
// build step that a fresh clone could miss.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../src/main.ts')
process.exitCode = await main(process.argv.slice(2))
