// A certificate and its private key from PEM files, as a clinic gets them from its certificate
// authority: read and checked at start-up, so a wrong path, a file of another kind or a key of
// another certificate is one clear sentence naming the file, not a TLS error at the first phone.
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { TlsCertificate } from '@techo/http-server'
import { CliError, EXIT } from './exit.js'

/** Reads `certFile` (the certificate chain, PEM) and `keyFile` (its private key, PEM); throws a CliError naming the file that is wrong. */
export function readTlsFiles (certFile: string, keyFile: string): TlsCertificate {
  const cert = read(certFile, '--tls-cert')
  const key = read(keyFile, '--tls-key')
  let certificate: X509Certificate
  try {
    certificate = new X509Certificate(cert)
  } catch (err) {
    throw bad(`${certFile} (--tls-cert) is not a PEM certificate (${(err as Error).message})`)
  }
  let privateKey: KeyObject
  try {
    privateKey = createPrivateKey(key)
  } catch (err) {
    throw bad(`${keyFile} (--tls-key) is not a PEM private key without a passphrase (${(err as Error).message})`)
  }
  if (!certificate.checkPrivateKey(privateKey)) throw bad(`${keyFile} (--tls-key) is not the private key of the certificate in ${certFile}`)
  return { cert, key }
}

function read (file: string, flag: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is no such file' : (err as Error).message
    throw bad(`cannot read ${file} (${flag}): ${why}`)
  }
}

function bad (what: string): CliError {
  return new CliError(`The TLS files are not usable: ${what}.`, 'ERR_BAD_TLS_FILES', EXIT.badInput)
}
