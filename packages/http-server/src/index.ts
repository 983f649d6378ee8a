// @techo/http-server: the HTTP server of Techo's local APIs (the daemon's and the dev chain's). It
// listens on 127.0.0.1 only and refuses what a web page elsewhere could make a browser send: a
// foreign Host (DNS rebinding), a foreign Origin, form-encoded bodies; then routes, limits and answers.
export { startLocalServer, sendJson, type ServerOptions, type LocalServer, type ErrorAnswer } from './server.js'
export { HttpError } from './http-error.js'
export type { HttpRoute, HttpCall } from './routes.js'
