// Runs contract JavaScript in node:vm: a fresh context per call (nothing survives between
// calls but storage), no Node globals, no code generation from strings, and a wall-clock
// limit that covers the contract's top level, the action and any promise jobs it queues.
//
// The host only ever passes strings in and reads strings out (see prelude.ts). A value that
// escapes the prelude's try/catch (say, a stack overflow inside a contract's error handler) is
// never read: only its own `code` data property is looked at, to tell node's timeout apart.
import { Script, createContext } from 'node:vm'
import { types } from 'node:util'
import { PRELUDE_SOURCE } from './prelude.js'

/** The host side of the contract API: an operation name and its JSON argument array, answered with JSON text. */
export type HostBridge = (op: string, argsJson: string) => string

/** What the contract sees of its surroundings; every field is text or a number. */
export interface SandboxEnv {
  contract: string
  owner: string
  /** The action to run, or '' to list the contract's methods. */
  action: string
  argsJson: string
  txJson: string
  blockJson: string
  contextJson: string
}

/** The result of one sandboxed call. */
export type SandboxOutcome =
  | { kind: 'returned', text: string }
  | { kind: 'methods', names: string[] }
  | { kind: 'threw', message: string }
  | { kind: 'timeout' }

const prelude = new Script(PRELUDE_SOURCE, { filename: 'iost-prelude.js' })
const invoke = new Script('__techo_invoke()', { filename: 'iost-invoke.js' })

/** Compiles contract source once; throws SyntaxError if it is not JavaScript. */
export function compileContract (source: string, id: string): Script {
  // Wrapped like a CommonJS module: the top level runs only when the action is invoked.
  return new Script(`(function (module, exports) {${source}\n})`, { filename: `${id}.js` })
}

/** Runs one action (or the method listing) of a compiled contract within `timeoutMs`. */
export function runInSandbox (code: Script, env: SandboxEnv, bridge: HostBridge, timeoutMs: number): SandboxOutcome {
  const context = createContext(Object.create(null), {
    name: env.contract,
    codeGeneration: { strings: false, wasm: false },
    microtaskMode: 'afterEvaluate'
  })
  const deadline = Date.now() + timeoutMs
  const left = (): number => Math.max(1, deadline - Date.now())
  try {
    // The prelude runs before any contract code can patch the built-ins it captures.
    const boot = prelude.runInContext(context) as (b: HostBridge, e: string) => (loader: unknown) => void
    const setLoader = boot(bridge, JSON.stringify(env))
    // The wrapper normally just evaluates to a function, but source that closes it early
    // would run here: hence the time limit. setLoader only stores what it is given.
    setLoader(code.runInContext(context, { timeout: left() }))
    const answer: unknown = invoke.runInContext(context, { timeout: left() })
    return readAnswer(answer)
  } catch (err) {
    if (isTimeout(err)) return { kind: 'timeout' }
    return { kind: 'threw', message: 'uncaught exception' }
  }
}

function readAnswer (answer: unknown): SandboxOutcome {
  if (typeof answer !== 'string') return { kind: 'threw', message: 'the contract call did not return' }
  const parsed = JSON.parse(answer) as { ret?: unknown, methods?: unknown, error?: unknown }
  if (typeof parsed.error === 'string') return { kind: 'threw', message: parsed.error }
  if (typeof parsed.ret === 'string') return { kind: 'returned', text: parsed.ret }
  if (Array.isArray(parsed.methods) && parsed.methods.every(n => typeof n === 'string')) {
    return { kind: 'methods', names: parsed.methods as string[] }
  }
  return { kind: 'threw', message: 'the contract call answered in an unknown form' }
}

// Reads nothing a contract could hook: proxies and getters are never touched.
function isTimeout (err: unknown): boolean {
  if (typeof err !== 'object' || err === null || types.isProxy(err) || !types.isNativeError(err)) return false
  const code = Object.getOwnPropertyDescriptor(err, 'code')
  return code !== undefined && 'value' in code && code.value === 'ERR_SCRIPT_EXECUTION_TIMEOUT'
}
