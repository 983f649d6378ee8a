// The words commands accept for scopes, device roles, entry types and vital kinds. They are listed
// here so that parsing a command line loads no package; `Exactly` makes the compiler check each list
// against the package's own type, so a kind added there cannot be forgotten here.
import type { DeviceRole, Scope } from '@techo/ledger'
import type { EntryType, VitalKind } from '@techo/notebook'

// `true` only when the list names every member of the union and nothing else.
type Exactly<Union, List extends readonly unknown[]> = [Union] extends [List[number]] ? ([List[number]] extends [Union] ? List : never) : never

function exactly<Union> () {
  return <const List extends readonly Union[]>(list: Exactly<Union, List>): List => list
}

/** The scopes a patient can grant. */
export const SCOPES = exactly<Scope>()(['read', 'write'])
/** The roles a party can approve a device for. */
export const DEVICE_ROLES = exactly<DeviceRole>()(['phone', 'practitioner', 'relay'])
/** The kinds of entry `techo show --type` filters on. */
export const ENTRY_TYPES = exactly<EntryType>()(['vital', 'observation', 'allergy', 'condition', 'medication', 'prescription', 'immunization', 'procedure',
  'report', 'encounter', 'careplan', 'imaging', 'patient', 'note', 'document', 'consent'])
/** The vital kinds `techo show --type` also accepts. */
export const VITAL_KINDS = exactly<VitalKind>()(['bp', 'temp', 'pulse', 'weight', 'spo2', 'glucose', 'steps'])

/** True when `text` is one of `list`, narrowing it. */
export function isOneOf<T extends string> (list: readonly T[], text: string): text is T {
  return (list as readonly string[]).includes(text)
}
