// `techo add allergy|medication|condition|note ...`: the non-vital entries, validated by the notebook.
import { type Command } from 'commander'
import { type EntryInputs, type EntryKind } from '../access/notebook-access.js'
import { withAccess } from '../access/open.js'
import { type GlobalOptions } from '../cli/config.js'
import { describeEntry } from '../cli/describe.js'
import { prescriptionFromWords } from '../cli/prescription-words.js'

type Opts = GlobalOptions & Record<string, string | undefined> & { asNeeded?: boolean }

// Each kind: its usage, its options and how the words and options become the notebook's input.
const KINDS: { [K in EntryKind]: { args: string, about: string, options: Array<[string, string]>, input: (words: string, o: Opts) => EntryInputs[K] } } = {
  allergy: {
    args: '<substance...>',
    about: 'an allergy or intolerance, e.g. `techo add allergy peanut --criticality high`',
    options: [['--criticality <level>', 'low, high or unable-to-assess'], ['--reaction <text>', 'what happens, e.g. hives'], ['--category <c>', 'food, medication, environment or biologic']],
    input: (words, o) => ({ code: words, ...pick(o, 'criticality', 'reaction', 'category', 'at') }) as EntryInputs['allergy']
  },
  medication: {
    args: '<name...>',
    about: 'a medication you take, e.g. `techo add medication loratadine 10 mg --dosage "once daily"`',
    options: [['--dosage <text>', 'how much and how often'], ['--status <s>', 'active (default), completed, stopped, on-hold, ...'], ['--until <date>', 'when it ends or ended']],
    input: (words, o) => ({ medication: words, ...pick(o, 'dosage', 'status', 'until', 'at') }) as EntryInputs['medication']
  },
  condition: {
    args: '<name...>',
    about: 'a diagnosis or health problem, e.g. `techo add condition asthma`',
    options: [['--status <s>', 'active (default), resolved, remission, ...'], ['--abated <date>', 'when it ended']],
    input: (words, o) => ({ code: words, ...pick(o, 'status', 'abated', 'at') }) as EntryInputs['condition']
  },
  note: {
    args: '<text...>',
    about: 'a free-text note, e.g. `techo add note "Felt dizzy after lunch"`',
    options: [['--title <text>', 'a short title']],
    input: (words, o) => ({ text: words, ...pick(o, 'title', 'at') })
  },
  prescription: {
    args: '<drug...>',
    about: 'a prescription (clinics with a write grant), e.g. `techo add prescription amlodipine 5 mg tablet --dose "1 tablet" --frequency 1/d --quantity "30 tablet" --refills 2`',
    options: [
      ['--rxnorm <code>', 'the drug\'s RxNorm code, where known'], ['--dose <amount>', 'one dose, e.g. "5 mg" or "1 tablet"'], ['--route <route>', 'e.g. oral'],
      ['--frequency <n/period>', 'times per period: 2/d (twice a day), 1/8h, 1/wk'], ['--as-needed', 'taken only when needed'],
      ['--instructions <text>', 'how to take it, in words'], ['--quantity <amount>', 'how much to dispense, e.g. "30 tablet"'],
      ['--refills <n>', 'how many times it may be refilled'], ['--supply-days <n>', 'days the quantity lasts'],
      ['--start <date>', 'valid from'], ['--end <date>', 'valid until'], ['--prescriber <name>', 'who prescribes it'],
      ['--reason <text>', 'what it is for'], ['--status <s>', 'active (default), on-hold, completed, stopped, cancelled, draft, ...']
    ],
    input: (words, o) => prescriptionFromWords(words, { ...pick(o, 'rxnorm', 'dose', 'route', 'frequency', 'instructions', 'quantity', 'refills', 'supplyDays', 'start', 'end', 'prescriber', 'reason', 'status', 'at'), ...(o.asNeeded === true ? { asNeeded: true } : {}) })
  }
}

export function registerAdd (program: Command): void {
  const add = program.command('add').description('add an allergy, medication, condition, note or prescription')
  for (const kind of Object.keys(KINDS) as EntryKind[]) {
    const spec = KINDS[kind]
    const cmd = add.command(`${kind} ${spec.args}`).description(spec.about)
      .option('--at <time>', 'when (ISO 8601 with zone; default now)')
    for (const [flags, about] of spec.options) cmd.option(flags, about)
    cmd.action(async (words: string[], _opts: unknown, c: Command) => {
      const opts = c.optsWithGlobals<Opts>()
      const input = spec.input(words.join(' '), opts) as EntryInputs[typeof kind]
      const { entry, vitals } = await withAccess(opts, async a => ({ entry: await a.addEntry(kind, input), vitals: await a.vitalKinds() }))
      console.log(`Added ${describeEntry(entry, vitals)}.`)
    })
  }
}

function pick (o: Opts, ...keys: string[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const k of keys) if (typeof o[k] === 'string') out[k] = o[k]
  return out
}
