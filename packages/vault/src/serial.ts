// Runs async tasks one after another per name. A notebook save reads the last
// saved heads and chunk number and writes the next ones; two saves of the same
// notebook interleaving would write the same chunk slot twice.

export class Serial {
  readonly #tails = new Map<string, Promise<void>>()

  /** Runs `task` after every task queued earlier under `name` has settled; resolves or rejects as `task` does. */
  run<T> (name: string, task: () => Promise<T>): Promise<T> {
    const result = (this.#tails.get(name) ?? Promise.resolve()).then(task)
    const tail = result.then(() => {}, () => {})
    this.#tails.set(name, tail)
    void tail.then(() => { if (this.#tails.get(name) === tail) this.#tails.delete(name) })
    return result
  }

  /** Resolves once every task queued so far has settled. */
  async idle (): Promise<void> {
    await Promise.all(this.#tails.values())
  }
}
