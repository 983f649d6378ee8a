// Showing the recovery phrase: numbered, in columns, with the one warning that matters.

/** Prints the phrase once, numbered, with what it is for. */
export function printPhrase (phrase: string): void {
  const words = phrase.split(' ')
  const cells = words.map((w, i) => `${String(i + 1).padStart(2)}. ${w.padEnd(10)}`)
  console.log('\nYour recovery phrase (shown only now; write it down and keep it offline):\n')
  for (let i = 0; i < cells.length; i += 4) console.log('  ' + cells.slice(i, i + 4).join(' ').trimEnd())
  console.log('\nWith it you can restore your notebook on a new device (`techo recover`) or reset a forgotten')
  console.log('passphrase. Anyone who has it can do the same, so never type it into a website or share it.')
}
