// IOST's own rules, bit-exact with the node (go-iost v3.10.1): transaction decoding, encoding,
// hashing and self-check, the `/sendTx` action pre-check, and the contract runtime's
// `IOSTCrypto` and storage-key rules.
export { base58Decode, base58Encode } from './base58.js'
export { checkBadTx } from './check-bad-tx.js'
export { goJsonMarshal } from './go-json-marshal.js'
export { IostTxError, type IostErrorCode } from './errors.js'
export { iostCryptoVerify, sha3Base58 } from './iost-crypto.js'
export { isValidStorageKey, type StorageKeyVerdict } from './storage-key.js'
export { encodedLength, encodeTransaction, type TxEncodings } from './tx-encode.js'
export { hashTransaction, type TxHashes } from './tx-hash.js'
export { parseTransaction, type IostAction, type IostAmountLimit, type IostSignature, type ParsedTx } from './tx-parse.js'
export { MAX_TX_BYTES, verifyTransaction, type TxVerdict } from './tx-verify.js'
