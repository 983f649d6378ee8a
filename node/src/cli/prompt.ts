// Terminal prompts: a hidden line for secrets (passphrases, the recovery phrase).

/** Reads one line from the terminal without echoing it. */
export async function readHidden (prompt: string): Promise<string> {
  const { stdin, stderr } = process
  stderr.write(prompt)
  stdin.setRawMode(true)
  stdin.resume()
  return await new Promise((resolve, reject) => {
    let line = ''
    const onData = (chunk: Buffer): void => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return finish()
        if (ch === '\u0003') { cleanup(); reject(Object.assign(new Error('Cancelled.'), { code: 'ERR_CANCELLED' })); return }
        if (ch === '\u007f' || ch === '\b') line = line.slice(0, -1)
        else line += ch
      }
    }
    const cleanup = (): void => {
      stdin.off('data', onData)
      stdin.setRawMode(false)
      stdin.pause()
      stderr.write('\n')
    }
    const finish = (): void => { cleanup(); resolve(line) }
    stdin.on('data', onData)
  })
}
