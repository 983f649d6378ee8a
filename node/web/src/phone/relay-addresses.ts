// Which of its relay's WebSockets addresses the page may dial. A page opened over https may open
// only wss: the browser blocks ws:// from it as mixed content (this machine's own addresses
// excepted), so such a page dials the relay's /tls/ws (or /wss) addresses alone, and says plainly
// when the clinic offers none rather than failing to connect without a word.
const SECURE = /\/(tls\/ws|wss)\/p2p\//
const THIS_MACHINE = new Set(['localhost', '127.0.0.1', '[::1]'])

/** The addresses among `addresses` a page at `page` can dial; throws when it can dial none of them. */
export function dialableAddresses (addresses: string[], page: { protocol: string, hostname: string }): string[] {
  if (page.protocol !== 'https:' || THIS_MACHINE.has(page.hostname)) return addresses
  const secure = addresses.filter(a => SECURE.test(a))
  if (secure.length === 0) {
    throw new Error('This clinic\'s node offers no secure WebSockets (wss) address, and an app opened over https can reach only those: ' +
      'the clinic must serve wss (techo serve with --tls-cert and --tls-key, beside a /ws listen address).')
  }
  return secure
}
