// WebSockets with TLS beside them, on the same port. A page served over https may open only wss://
// (anything else is blocked as mixed content), so a clinic relay given a certificate serves wss
// where it serves ws. libp2p's WebSockets listener serves wss on a /ws address's port once it hears
// 'certificate:provision' (the event libp2p's auto-tls sends when it obtains a certificate), and on
// a /tls/ws address from its https options: it gets both, so either kind of listen address works.
import { webSockets } from '@libp2p/websockets'
import type { TLSCertificate, Transport } from '@libp2p/interface'

type Components = Parameters<ReturnType<typeof webSockets>>[0]

/** The WebSockets transport of a node with a certificate: its listeners serve wss (advertised as /tls/ws) beside ws. */
export function webSocketsWithTls (certificate: TLSCertificate): (components: Components) => Transport {
  const factory = webSockets({ https: certificate })
  return components => {
    // Each listener that starts listening hears of the certificate; one that already serves wss ignores it.
    components.events.addEventListener('transport:listening', () => {
      components.events.safeDispatchEvent('certificate:provision', { detail: certificate })
    })
    return factory(components)
  }
}
