// How the IOST node answers a request it refuses: its gRPC gateway writes HTTP 400 and the gRPC
// status as JSON, `{"code": <grpc code>, "message": <error text>}`. Errors the node raises in
// its own code are gRPC code 2 (Unknown); a body it cannot decode is code 3 (InvalidArgument).

/** gRPC status codes the node's answers use. */
export const GRPC_UNKNOWN = 2
export const GRPC_INVALID_ARGUMENT = 3
export const GRPC_NOT_FOUND = 5

/** A request the node refuses, carrying the node's own error text. */
export class NodeRefusal extends Error {
  readonly grpcCode: number
  readonly httpStatus: number

  constructor (message: string, grpcCode = GRPC_UNKNOWN, httpStatus = 400) {
    super(message)
    this.name = 'NodeRefusal'
    this.grpcCode = grpcCode
    this.httpStatus = httpStatus
  }
}
