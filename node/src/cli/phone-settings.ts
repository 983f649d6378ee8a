// Where a clinic's node serves the phone app to other devices (`--phone-listen`), and the
// certificate it serves it with (`--tls-cert`, `--tls-key`), which also gives its relay wss. A
// phone runs the app only from an https page (its camera, service worker and keys need a secure
// context, and such a page may open only wss), so the public server never runs without them.
import type { TlsCertificate } from '@techo/http-server'
import { setting } from './config.js'
import { CliError } from './exit.js'
import { readTlsFiles } from './tls-files.js'

export interface PhoneFlags { phoneListen?: string, tlsCert?: string, tlsKey?: string }

/** The public phone server's address, if any, and the certificate, if any. */
export interface PhoneServing { phone?: { host: string, port: number }, tls?: TlsCertificate }

/** Resolves the settings (flag, TECHO_*, config.json), checks they go together and reads the certificate. */
export function phoneServing (flags: PhoneFlags, dataDir: string): PhoneServing {
  const listen = setting('phoneListen', flags.phoneListen, dataDir, '')
  const certFile = setting('tlsCert', flags.tlsCert, dataDir, '')
  const keyFile = setting('tlsKey', flags.tlsKey, dataDir, '')
  if ((certFile === '') !== (keyFile === '')) {
    throw new CliError(`--tls-cert and --tls-key go together: give ${certFile === '' ? '--tls-cert <file> (the certificate)' : '--tls-key <file> (its private key)'} too.`)
  }
  if (listen !== '' && certFile === '') {
    throw new CliError('--phone-listen serves the phone app to other devices, which run it only over HTTPS (a phone\'s browser gives camera, offline app and keys only to a secure page): ' +
      'give this clinic\'s certificate and key with --tls-cert <file> --tls-key <file> (PEM).')
  }
  const tls = certFile === '' ? undefined : readTlsFiles(certFile, keyFile)
  return { ...(listen === '' ? {} : { phone: hostPort(listen) }), ...(tls === undefined ? {} : { tls }) }
}

function hostPort (text: string): { host: string, port: number } {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})$/.exec(text)
  const host = m?.[1] ?? m?.[2]
  const port = Number(m?.[3])
  if (host === undefined || !(port <= 65535)) {
    throw new CliError(`--phone-listen must be <address>:<port> (e.g. 0.0.0.0:8443 for every interface, [::]:8443, or 0 as the port for any free one), not ${JSON.stringify(text)}.`)
  }
  return { host, port }
}
