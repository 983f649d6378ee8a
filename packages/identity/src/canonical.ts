import { IdentityError } from './errors.js'

// A lone surrogate has no UTF-8 form: encoders replace it with U+FFFD, so two different
// strings would hash (and sign) alike. I-JSON, which RFC 8785 requires, forbids them.
const LONE_SURROGATE = /\p{Surrogate}/u

/** Returns the RFC 8785 canonical JSON text of a value; throws ERR_NOT_CANONICALIZABLE naming the bad path. */
export function canonicalize (value: unknown): string {
  return write(value, '$', new Set())
}

/** Returns true if the text contains no lone UTF-16 surrogate, so its UTF-8 bytes stand for it alone. */
export function isWellFormedText (text: string): boolean {
  return !LONE_SURROGATE.test(text)
}

function write (value: unknown, path: string, open: Set<object>): string {
  switch (typeof value) {
    case 'string': return writeString(value, path)
    case 'boolean': return value ? 'true' : 'false'
    // ES Number::toString is RFC 8785's number form; it also writes -0 as 0.
    case 'number':
      if (!Number.isFinite(value)) refuse(path, `${value} is not a JSON number`)
      return String(value)
    case 'object':
      if (value === null) return 'null'
      if (open.has(value)) refuse(path, 'it refers back to itself (a cycle)')
      open.add(value)
      try {
        return Array.isArray(value) ? writeArray(value, path, open) : writeObject(value, path, open)
      } finally {
        open.delete(value)
      }
    case 'bigint': return refuse(path, 'a bigint has no JSON form (write it as a string)')
    case 'undefined': return refuse(path, 'undefined has no JSON form')
    default: return refuse(path, `a ${typeof value} has no JSON form`)
  }
}

function writeString (text: string, path: string): string {
  if (!isWellFormedText(text)) refuse(path, 'the text contains a lone UTF-16 surrogate')
  // JSON.stringify escapes exactly as RFC 8785 asks: \b \t \n \f \r \" \\, other controls as \u00xx.
  return JSON.stringify(text)
}

function writeArray (items: unknown[], path: string, open: Set<object>): string {
  const parts: string[] = []
  for (let i = 0; i < items.length; i++) {
    if (!(i in items)) refuse(`${path}[${i}]`, 'the array has a hole here')
    parts.push(write(items[i], `${path}[${i}]`, open))
  }
  return `[${parts.join(',')}]`
}

function writeObject (object: object, path: string, open: Set<object>): string {
  const proto = Object.getPrototypeOf(object)
  if (proto !== Object.prototype && proto !== null) {
    refuse(path, `a ${object.constructor?.name ?? 'non-plain object'} is not a plain object`)
  }
  if (Object.getOwnPropertySymbols(object).length > 0) refuse(path, 'symbol keys have no JSON form')
  // Default sort compares UTF-16 code units, the order RFC 8785 prescribes.
  const keys = Object.keys(object).sort()
  const parts = keys.map(key => {
    const at = /^[A-Za-z_$][\w$]*$/u.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`
    return `${writeString(key, at)}:${write((object as Record<string, unknown>)[key], at, open)}`
  })
  return `{${parts.join(',')}}`
}

function refuse (path: string, why: string): never {
  throw new IdentityError('ERR_NOT_CANONICALIZABLE', `Cannot make canonical JSON of ${path}: ${why}.`)
}
