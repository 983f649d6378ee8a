// Settings resolve in one order everywhere: flag > environment (TECHO_*) > <data dir>/config.json > default.
import { existsSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { CliError, EXIT } from './exit.js'

/** Options every command accepts; `patient` picks a replica on a clinic node. */
export interface GlobalOptions { data?: string, passphraseFile?: string, patient?: string }

/** The data directory: --data, then TECHO_DATA, then ~/.techo. */
export function dataDirFrom (flag: string | undefined): string {
  return resolve(flag ?? process.env.TECHO_DATA ?? join(homedir(), '.techo'))
}

/** Reads `<data dir>/config.json`; a missing file is an empty config, a broken one a clear error. */
export function readConfigFile (dataDir: string): Record<string, unknown> {
  const path = join(dataDir, 'config.json')
  if (!existsSync(path)) return {}
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'))
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not a JSON object')
    return parsed as Record<string, unknown>
  } catch (err) {
    throw new CliError(`${path} is not valid configuration (${(err as Error).message}); fix or remove it.`, 'ERR_BAD_CONFIG', EXIT.badInput)
  }
}

/** One setting by name (camelCase); the environment variable is TECHO_ plus its SNAKE_CASE form. */
export function setting (name: string, flag: string | undefined, dataDir: string, fallback: string): string {
  if (flag !== undefined) return flag
  const envName = 'TECHO_' + name.replace(/[A-Z]/g, c => '_' + c).toUpperCase()
  const fromEnv = process.env[envName]
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv
  const fromFile = readConfigFile(dataDir)[name]
  if (typeof fromFile === 'string') return fromFile
  return fallback
}
