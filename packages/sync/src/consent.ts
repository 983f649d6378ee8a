// What sync needs from the ledger: the block-following LedgerView, narrowed to
// the lookups and events used here, so the authorisation chain reads as an
// interface and any view with the same answers can stand in for it.
import type { LedgerView } from '@techo/ledger'

/** The part of `LedgerView` sync reads: device → party → grant lookups, anchors, and consent events. */
export type ConsentView = Pick<LedgerView, 'device' | 'party' | 'grant' | 'grants' | 'grantsForClinic' | 'lastAnchor' | 'lastAnchorSeq' | 'checkpoint' | 'on' | 'off'>
