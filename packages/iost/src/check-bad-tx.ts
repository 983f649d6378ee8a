import { checkAmount, parseGoDecimal, type GoDecimal } from './amount.js'
import { goDecodeFirstValue } from './go-json.js'
import { toParsedTx, type IostAction, type ParsedTx } from './tx-parse.js'

/**
 * Runs the node's `/sendTx` pre-check of action data (go-iost `CheckBadTx`) and returns its error
 * text, or null when every action passes: each `data` must decode to a JSON array; `token.iost`
 * `transfer` needs 5 arguments and a valid amount (at most 8 decimals for `iost`); `gas.iost`
 * `pledge`/`unpledge` need 3 arguments and an amount with at most 2 decimals. Signatures are not
 * looked at here.
 */
export function checkBadTx (tx: string | ParsedTx): string | null {
  for (const action of toParsedTx(tx).actions) {
    const error = checkAction(action)
    if (error !== null) return error
  }
  return null
}

function checkAction ({ contract, actionName, data }: IostAction): string | null {
  const decoded = goDecodeFirstValue(data)
  if (!decoded.ok) return `invalid json array: ${decoded.error}, ${data}`
  if (!Array.isArray(decoded.value)) return `invalid json array: type assertion to []interface{} failed, ${data}`
  const args: unknown[] = decoded.value
  if (contract === 'token.iost' && actionName === 'transfer') {
    if (args.length !== 5) return `wrong args num: ${data}`
    const token = args[0]
    if (typeof token !== 'string') return `invalid token: type assertion to string failed, ${data}`
    const amount = args[3]
    if (typeof amount !== 'string') return `invalid amount: type assertion to string failed, ${data}`
    return checkAmount(goText(amount), goText(token))
  }
  if (contract === 'gas.iost' && (actionName === 'pledge' || actionName === 'unpledge')) {
    if (args.length !== 3) return `wrong args num: ${data}`
    const amount = args[2]
    if (typeof amount !== 'string') return `invalid amount: type assertion to string failed, ${data}`
    const text = goText(amount)
    const error = checkAmount(text, 'iost')
    if (error !== null) return `invalid amount: ${error}, ${data}`
    // Passing checkAmount guarantees the decimal parses; trailing zeros do not count as decimals.
    const { value, scale } = parseGoDecimal(text) as GoDecimal
    if (shrunkScale(value, scale) > 2) return `decimal should not exceed 2: ${data}`
  }
  return null
}

// Go decodes an unpaired surrogate escape as U+FFFD; JSON.parse keeps it.
function goText (text: string): string {
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
}

// go-iost's `ShrinkScale`: drop trailing zeros while there are decimals.
function shrunkScale (value: bigint, scale: number): number {
  while (scale > 0 && value % 10n === 0n) {
    value /= 10n
    scale--
  }
  return scale
}
