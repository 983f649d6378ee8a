// Contract code as `system.iost` `setCode` receives it (the JSON form of IOST's Contract:
// `{"ID", "info": {"lang", "version", "abi": [{"name", "args", "amountLimit"}]}, "code"}`),
// IOST's rules for ABI names, and the check of an action's JSON arguments against its ABI.
import type { AbiEntry } from './world-state.js'

/** Contract code and info, before it has an id and an owner. */
export interface ContractCode {
  /** The `ID` field: empty for setCode, the contract to replace for updateCode. */
  id: string
  code: string
  lang: string
  version: string
  abi: AbiEntry[]
}

const ARG_TYPES = new Set(['string', 'number', 'bool', 'json'])

/** Parses setCode's argument; throws an Error with the reason the node would give. */
export function parseContractCode (text: string): ContractCode {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    throw new Error('invalid contract: the code argument is not the JSON form of a contract')
  }
  const c = raw as { ID?: unknown, code?: unknown, info?: { lang?: unknown, version?: unknown, abi?: unknown } }
  if (typeof c.code !== 'string' || typeof c.info !== 'object' || c.info === null) {
    throw new Error('invalid contract: it needs "code" and "info"')
  }
  if (c.info.lang !== 'javascript') throw new Error(`invalid contract: language ${String(c.info.lang)} is not supported`)
  if (!Array.isArray(c.info.abi)) throw new Error('invalid contract: info.abi is not a list')
  const abi = c.info.abi.map(readAbi)
  for (const entry of abi) checkAbiName(entry.name)
  return { id: typeof c.ID === 'string' ? c.ID : '', code: c.code, lang: 'javascript', version: typeof c.info.version === 'string' ? c.info.version : '', abi }
}

function readAbi (entry: unknown): AbiEntry {
  const e = entry as { name?: unknown, args?: unknown, amountLimit?: unknown }
  if (typeof e?.name !== 'string' || !Array.isArray(e.args) || !e.args.every(a => typeof a === 'string' && ARG_TYPES.has(a))) {
    throw new Error('invalid contract: every abi entry needs a name and args of type string, number, bool or json')
  }
  const limits = Array.isArray(e.amountLimit) ? e.amountLimit as Array<{ token?: unknown, val?: unknown }> : []
  return {
    name: e.name,
    args: e.args as string[],
    amountLimit: limits.map(l => ({ token: String(l.token), val: String(l.val) }))
  }
}

// go-iost host.checkAbiNameValid and checkAbiValid, with their texts.
function checkAbiName (name: string): void {
  if (name.length === 0 || name.length > 32) {
    throw new Error(`abi name invalid. abi name length should be between 1,32  got ${name}`)
  }
  for (const ch of name) {
    if (!/[a-zA-Z0-9_]/.test(ch)) throw new Error(`abi name invalid. abi name contains invalid character ${ch.codePointAt(0) as number}`)
  }
  if (name === 'init') throw new Error('abi shouldn\'t contain internal function')
}

/** Checks an action's JSON data against its ABI; returns the arguments as a JSON array text. */
export function checkArgs (abi: AbiEntry, data: string): string {
  let args: unknown
  try {
    args = JSON.parse(data)
  } catch {
    throw new Error(`error in data: ${data}`)
  }
  if (!Array.isArray(args)) throw new Error(`error in data: ${data} is not a JSON array`)
  if (args.length !== abi.args.length) {
    throw new Error(`args count unmatched: abi ${abi.name} takes ${abi.args.length}, got ${args.length}`)
  }
  abi.args.forEach((type, i) => {
    if (!matches(type, args[i])) throw new Error(`args type unmatched: argument ${i + 1} of ${abi.name} should be ${type}`)
  })
  return JSON.stringify(args)
}

function matches (type: string, value: unknown): boolean {
  switch (type) {
    case 'string': return typeof value === 'string'
    case 'number': return typeof value === 'number'
    case 'bool': return typeof value === 'boolean'
    default: return true
  }
}
