// How much of a clinic's gas its sponsor spends on phones it does not know. Each patient gets a few
// transactions a minute (a phone's sign-up takes two, then a grant, a revoke, an anchor a minute at
// most); new patients are capped per hour, since anyone can make new keys; every transaction
// together is capped per minute; and only a few requests wait on the chain at once. A request over
// a budget is refused before anything is published, and uses none of it.
import { HttpError } from '@techo/http-server'

/** How many transactions in how long. */
interface Rate { count: number, windowMs: number }

const PER_PATIENT: Rate = { count: 10, windowMs: 60_000 }
const REGISTRATIONS: Rate = { count: 60, windowMs: 60 * 60_000 }
const ALL: Rate = { count: 60, windowMs: 60_000 }
const MAX_IN_FLIGHT = 8

/** A patient's request to spend; `registers` when it registers a new party. */
export interface Spend { patient: string, registers: boolean }

export class SponsorBudget {
  readonly #perPatient = new Map<string, number[]>()
  readonly #registrations: number[] = []
  readonly #all: number[] = []
  #inFlight = 0

  /** Runs `publish` if every budget allows `spend`; throws 429 ERR_RATE_LIMITED (saying when to try again) otherwise. */
  async spend<T> (spend: Spend, publish: () => Promise<T>): Promise<T> {
    const now = Date.now()
    if (this.#inFlight >= MAX_IN_FLIGHT) limited('too many consent transactions are being published through this clinic right now', 1000)
    const mine = this.#perPatient.get(spend.patient) ?? []
    check(mine, PER_PATIENT, now, `patient ${spend.patient} sent ${PER_PATIENT.count} consent transactions in the last minute`)
    if (spend.registers) check(this.#registrations, REGISTRATIONS, now, `this clinic registered ${REGISTRATIONS.count} new patients in the last hour`)
    check(this.#all, ALL, now, `this clinic published ${ALL.count} consent transactions in the last minute`)
    this.#forget(now)
    for (const times of [mine, this.#all, ...(spend.registers ? [this.#registrations] : [])]) times.push(now)
    this.#perPatient.set(spend.patient, mine)
    this.#inFlight++
    try {
      return await publish()
    } finally {
      this.#inFlight--
    }
  }

  // Patients with nothing in their window are dropped, so the map holds at most ALL.count of them.
  #forget (now: number): void {
    for (const [patient, times] of this.#perPatient) {
      prune(times, PER_PATIENT, now)
      if (times.length === 0) this.#perPatient.delete(patient)
    }
  }
}

function prune (times: number[], rate: Rate, now: number): void {
  while (times.length > 0 && (times[0] as number) <= now - rate.windowMs) times.shift()
}

function check (times: number[], rate: Rate, now: number, why: string): void {
  prune(times, rate, now)
  if (times.length >= rate.count) limited(why, (times[0] as number) + rate.windowMs - now)
}

function limited (why: string, retryMs: number): never {
  throw new HttpError(429, 'ERR_RATE_LIMITED', `The sponsor is busy: ${why}. Try again in ${Math.max(1, Math.ceil(retryMs / 1000))} s.`)
}
