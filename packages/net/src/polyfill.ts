// Node 20 has no `Promise.withResolvers` (ES2024), yet libp2p v3 calls it at run
// time (streams, noise, ping). Importing `@techo/net` installs it once, before
// any node exists; on Node 22+ the native one is kept.

interface Resolvers<T> {
  promise: Promise<T>
  resolve: (value: T | PromiseLike<T>) => void
  reject: (reason?: unknown) => void
}

/** Returns a new promise together with the functions that settle it (the ES2024 shape). */
function withResolvers<T> (): Resolvers<T> {
  let resolve!: Resolvers<T>['resolve']
  let reject!: Resolvers<T>['reject']
  const promise = new Promise<T>((res, rej) => { resolve = res; reject = rej })
  return { promise, resolve, reject }
}

if (typeof (Promise as { withResolvers?: unknown }).withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', { value: withResolvers, writable: true, configurable: true })
}
