// What a clinic's code says to the phone: the techo:// link its QR code carries (read by the camera
// or pasted), or its bare id typed in. The link's signed name is kept so the patient sees which
// clinic they grant; whatever else a camera may read (a web address, a payment code) is no clinic.
import { isPartyId } from '@techo/identity'
import { checkProfile } from '../../../src/access/clinic-profile.js'
import { isClinicUri, parseClinicUri } from '../../../src/access/clinic-uri.js'

/** The clinic a code names, with its name when the clinic's key signed one. */
export interface CodedClinic { clinic: string, name?: string }

/** The clinic a pasted code names; a code that names none is an error that says what to paste. */
export function clinicFromCode (text: string): CodedClinic {
  const code = text.trim()
  if (code === '') throw new Error('Scan the clinic\'s QR code, or paste its techo:// link.')
  const quoted = JSON.stringify(code.slice(0, 80))
  if (isPartyId(code)) return { clinic: code }
  if (!isClinicUri(code)) throw new Error(`${quoted} is not a Techo clinic's code: paste the techo://clinic/… link of the QR code the clinic shows.`)
  const card = parseClinicUri(code)
  const name = checkProfile(card.profile)?.name
  return { clinic: card.clinic, ...(name === undefined ? {} : { name }) }
}

/** The clinic a QR code read by the camera names, or undefined when it is not a Techo clinic's link. */
export function scannedClinic (text: string): CodedClinic | undefined {
  if (!isClinicUri(text)) return undefined
  try {
    return clinicFromCode(text)
  } catch {
    return undefined
  }
}

/** What the scanner says when the camera reads some other QR code, so the patient knows to look for the clinic's. */
export function notAClinicCode (text: string): string {
  const shown = text.length > 60 ? `${text.slice(0, 60)}…` : text
  return `That QR code (${JSON.stringify(shown)}) is not a Techo clinic's link: point the camera at the code the clinic shows.`
}
