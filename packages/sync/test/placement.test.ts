// Where a clinic keeps each patient's notebook: two of its relays, the same answer on every device,
// and when a relay joins or leaves only the notebooks that rank it move.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { placeNotebook, REPLICATION_FACTOR } from '../src/placement.js'

const relays = ['12D3KooWrelayA', '12D3KooWrelayB', '12D3KooWrelayC']
const notebooks = Array.from({ length: 2000 }, (_, i) => `nb${i}`)

test('each notebook lives on the replication factor of relays, the same whatever order the relays are listed in', () => {
  for (const id of notebooks.slice(0, 200)) {
    const placed = placeNotebook(id, relays)
    assert.is(placed.length, REPLICATION_FACTOR)
    assert.is(new Set(placed).size, REPLICATION_FACTOR, 'two different relays')
    assert.equal(placeNotebook(id, [...relays].reverse()), placed)
  }
  assert.equal(placeNotebook('nb1', ['12D3KooWonly']), ['12D3KooWonly'], 'a clinic with one relay keeps everything there')
  assert.equal(placeNotebook('nb1', []), [])
})

test('the notebooks spread over the relays', () => {
  const load = new Map<string, number>()
  for (const id of notebooks) for (const relay of placeNotebook(id, relays)) load.set(relay, (load.get(relay) ?? 0) + 1)
  // 2000 notebooks × 2 copies over 3 relays: ~1333 each.
  for (const relay of relays) assert.ok(Math.abs((load.get(relay) ?? 0) - 1333) < 150, `${relay} holds ${load.get(relay) ?? 0}`)
})

test('adding a relay moves only the notebooks that now rank it, each from one old holder', () => {
  const grown = [...relays, '12D3KooWrelayD']
  let moved = 0
  for (const id of notebooks) {
    const before = placeNotebook(id, relays)
    const after = placeNotebook(id, grown)
    if (!after.includes('12D3KooWrelayD')) {
      assert.equal(after, before, `${id} stays where it was`)
      continue
    }
    moved++
    assert.is(after.filter(r => !before.includes(r)).length, 1, `${id} gains only the new relay`)
  }
  // A new fourth relay takes its fair share (half of the notebooks rank it in their top two).
  assert.ok(moved > 850 && moved < 1150, `${moved} of ${notebooks.length} moved`)
})

test('removing a relay moves only its notebooks', () => {
  const shrunk = relays.filter(r => r !== '12D3KooWrelayB')
  for (const id of notebooks) {
    const before = placeNotebook(id, relays)
    const after = placeNotebook(id, shrunk)
    if (!before.includes('12D3KooWrelayB')) assert.equal(after, before, `${id} stays where it was`)
    else assert.ok(before.filter(r => r !== '12D3KooWrelayB').every(r => after.includes(r)), `${id} keeps its other holder`)
  }
})

test.run()
