// @techo/http-server: the HTTP server of Techo's APIs (the daemon's, the dev chain's, and the phone
// app's public one). A local server listens on 127.0.0.1 and refuses what a web page elsewhere could
// make a browser send: a foreign Host (DNS rebinding), a foreign Origin, form-encoded bodies; a
// public one (HTTPS, any name) still refuses another origin's pages. Then routes, limits and answers.
export { startServer, sendJson, type ServerOptions, type ListeningServer, type ErrorAnswer, type Audience, type TlsCertificate } from './server.js'
export { HttpError } from './http-error.js'
export type { HttpRoute, HttpCall } from './routes.js'
