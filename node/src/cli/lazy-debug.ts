// Debug logs on the CLI's quick paths: the `debug` package is loaded the first time a line is
// logged with DEBUG set, so a command that a daemon serves does not pay for loading it.
import { createRequire } from 'node:module'

type Log = (formatter: string, ...args: unknown[]) => void

/** A `debug`-style logger for `namespace` that costs nothing until DEBUG is set and a line is logged. */
export function lazyDebug (namespace: string): Log {
  let log: Log | undefined
  return (formatter, ...args) => {
    if (process.env.DEBUG === undefined || process.env.DEBUG === '') return
    log ??= (createRequire(import.meta.url)('debug') as (ns: string) => Log)(namespace)
    log(formatter, ...args)
  }
}
