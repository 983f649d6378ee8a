import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  require_src
} from "./chunk-MON3FNHB.js";
import {
  CodedError
} from "./chunk-ZQH54YKG.js";
import {
  __toESM
} from "./chunk-VF57VZD3.js";

// packages/vault/dist/vault.js
import { existsSync as existsSync2, writeFileSync } from "node:fs";
import { join as join2 } from "node:path";

// packages/vault/dist/crypto.js
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

// packages/vault/dist/errors.js
var VaultError = class extends CodedError {
  name = "VaultError";
};
function damaged(key, what, cause) {
  return new VaultError("ERR_DAMAGED_VAULT", `The vault record ${key} is damaged: ${what}.`, { cause });
}
function badInput(message) {
  return new VaultError("ERR_BAD_INPUT", message);
}

// packages/vault/dist/crypto.js
var VERSION = 1;
var NONCE = 12;
var TAG = 16;
var utf8 = new TextEncoder();
var KEY_BYTES = 32;
function randomKey() {
  return new Uint8Array(randomBytes(KEY_BYTES));
}
function associatedData(name) {
  const ad = utf8.encode("\0" + name);
  ad[0] = VERSION;
  return ad;
}
function seal(key, name, plaintext) {
  const nonce = randomBytes(NONCE);
  const cipher = createCipheriv("aes-256-gcm", key, nonce);
  cipher.setAAD(associatedData(name));
  const body = cipher.update(plaintext);
  cipher.final();
  const out = new Uint8Array(1 + NONCE + body.length + TAG);
  out[0] = VERSION;
  out.set(nonce, 1);
  out.set(body, 1 + NONCE);
  out.set(cipher.getAuthTag(), 1 + NONCE + body.length);
  return out;
}
function unseal(key, name, record) {
  if (record.length < 1 + NONCE + TAG)
    throw damaged(name, "it is too short to be an encrypted record");
  if (record[0] !== VERSION)
    throw damaged(name, `it has unknown record version ${record[0]}`);
  const nonce = record.subarray(1, 1 + NONCE);
  const body = record.subarray(1 + NONCE, record.length - TAG);
  const decipher = createDecipheriv("aes-256-gcm", key, nonce);
  decipher.setAAD(associatedData(name));
  decipher.setAuthTag(record.subarray(record.length - TAG));
  const plain2 = decipher.update(body);
  try {
    decipher.final();
  } catch (cause) {
    throw damaged(name, "it fails authentication (altered, truncated or moved from another key)", cause);
  }
  return new Uint8Array(plain2.buffer, plain2.byteOffset, plain2.length);
}

// packages/vault/dist/names.js
var FORMAT = "meta/format";
var RUN = "meta/run";
var KEYSTORE = "keys/keystore";
var RECOVERY = "keys/recovery";
var KEY_CHECK = "keys/check";
var NOTEBOOK_KEYS = "keys/nb/";
var AUDIT = "audit/";
var CONSENT = "consent/";
var ID = /^[A-Za-z0-9._:-]{1,128}$/;
var CONSENT_KEY = /^[A-Za-z0-9._:-]+(\/[A-Za-z0-9._:-]+)*$/;
function checkId(what, id) {
  if (typeof id !== "string" || !ID.test(id)) {
    throw badInput(`The ${what} ${JSON.stringify(id)} is not valid: use 1 to 128 characters from A-Z a-z 0-9 . _ : -.`);
  }
  return id;
}
function checkConsentKey(key) {
  if (typeof key !== "string" || key.length > 512 || !CONSENT_KEY.test(key)) {
    throw badInput(`The consent key ${JSON.stringify(key)} is not valid: use ids (A-Z a-z 0-9 . _ : -) joined by '/'.`);
  }
  return key;
}
function range(prefix) {
  return { gte: prefix, lt: prefix + "\uFFFF" };
}
var notebookKey = (id) => `${NOTEBOOK_KEYS}${id}`;
var notebookPrefix = (id) => `nb/${id}/`;
var chunkPrefix = (id) => `nb/${id}/c/`;
var chunkKey = (id, seq) => `${chunkPrefix(id)}${String(seq).padStart(10, "0")}`;
var headKey = (id) => `nb/${id}/head`;
var snapshotKey = (id) => `nb/${id}/snap`;
var shreddedKey = (id) => `nb/${id}/shredded`;
var syncPrefix = (notebook) => `sync/${notebook}/`;
var syncKey = (notebook, peer) => `${syncPrefix(notebook)}${peer}`;
var consentKey = (key) => `${CONSENT}${key}`;
function auditKey(ms, run, seq) {
  return `${auditTimePrefix(ms)}/${String(run).padStart(10, "0")}/${String(seq).padStart(10, "0")}`;
}
function auditTimePrefix(ms) {
  return `${AUDIT}${String(ms).padStart(15, "0")}`;
}

// packages/vault/dist/audit.js
var KIND = /^[a-z][a-z0-9-]{0,31}$/;
var MAX_DETAIL = 4096;
var utf82 = new TextEncoder();
var text = new TextDecoder();
function timeOf(what, iso) {
  const ms = typeof iso === "string" && /^\d{4}-\d{2}-\d{2}T/.test(iso) ? Date.parse(iso) : NaN;
  if (!Number.isFinite(ms) || ms < 0)
    throw badInput(`The ${what} ${JSON.stringify(iso)} is not an ISO 8601 time after 1970 (for example 2025-03-01T09:30:00Z).`);
  return ms;
}
function normalise(event) {
  if (typeof event !== "object" || event === null)
    throw badInput("An audit event must be an object.");
  timeOf("audit event time", event.at);
  if (typeof event.kind !== "string" || !KIND.test(event.kind))
    throw badInput(`The audit event kind ${JSON.stringify(event.kind)} is not valid: use a short lowercase word such as read, write or revoke.`);
  if (typeof event.detail !== "string" || event.detail.length > MAX_DETAIL)
    throw badInput(`The audit event detail must be text of at most ${MAX_DETAIL} characters.`);
  const out = { at: event.at, kind: event.kind, detail: event.detail };
  if (event.peer !== void 0)
    out.peer = checkId("audit event peer", event.peer);
  if (event.party !== void 0)
    out.party = checkId("audit event party", event.party);
  if (event.notebook !== void 0)
    out.notebook = checkId("audit event notebook", event.notebook);
  return out;
}
var AuditLog = class {
  #store;
  #keyring;
  #run;
  #seq = 0;
  constructor(store, keyring, run) {
    this.#store = store;
    this.#keyring = keyring;
    this.#run = run;
  }
  /** The batch operations that append `events`, so they can commit atomically with other writes; checks every event first. */
  prepare(events) {
    const key = this.#keyring.get();
    return events.map(normalise).map((event) => {
      const name = auditKey(Date.parse(event.at), this.#run, this.#seq++);
      return { type: "put", key: name, value: seal(key, name, utf82.encode(JSON.stringify(event))) };
    });
  }
  /** Appends one event durably; throws ERR_BAD_INPUT for a malformed event. */
  async append(event) {
    await this.#store.write(this.prepare([event]));
  }
  /** Events in time order (append order within the same millisecond), filtered by `query`. */
  async list(query = {}) {
    const key = this.#keyring.get();
    const limit = query.limit ?? Infinity;
    if (limit !== Infinity && (!Number.isInteger(limit) || limit < 1))
      throw badInput(`The audit limit ${query.limit} is not a positive whole number.`);
    const notebook = query.notebook === void 0 ? void 0 : checkId("notebook id", query.notebook);
    const gte = query.since === void 0 ? void 0 : auditTimePrefix(timeOf("audit start time", query.since));
    const out = [];
    for await (const [name, record] of this.#store.scan(AUDIT, {
      ...gte === void 0 ? {} : { gte },
      reverse: query.reverse ?? false,
      // Without a notebook filter every record counts, so level can stop early itself.
      ...notebook === void 0 && limit !== Infinity ? { limit } : {}
    })) {
      const event = parse(name, unseal(key, name, record));
      if (notebook !== void 0 && event.notebook !== notebook)
        continue;
      out.push(event);
      if (out.length >= limit)
        break;
    }
    return out;
  }
};
function parse(name, plain2) {
  try {
    return normalise(JSON.parse(text.decode(plain2)));
  } catch (cause) {
    throw damaged(name, "it does not hold an audit event", cause);
  }
}

// packages/vault/dist/consent.js
var utf83 = new TextEncoder();
var text2 = new TextDecoder();
var PREFIX = /^[A-Za-z0-9._:/-]*$/;
var ConsentCache = class {
  #store;
  #keyring;
  constructor(store, keyring) {
    this.#store = store;
    this.#keyring = keyring;
  }
  /** The value stored at `key` (ids joined by '/'), or undefined. */
  async get(key) {
    const name = consentKey(checkConsentKey(key));
    const atRest = this.#keyring.get();
    const record = await this.#store.get(name);
    return record === void 0 ? void 0 : parse2(name, unseal(atRest, name, record));
  }
  /** Stores `value` at `key` durably, replacing what was there. */
  async put(key, value) {
    const name = consentKey(checkConsentKey(key));
    const json = JSON.stringify(value);
    if (json === void 0)
      throw badInput(`The consent value for ${key} is not JSON.`);
    const atRest = this.#keyring.get();
    await this.#store.write([{ type: "put", key: name, value: seal(atRest, name, utf83.encode(json)) }]);
  }
  /** Removes the value at `key`, if any. */
  async delete(key) {
    const name = consentKey(checkConsentKey(key));
    this.#keyring.get();
    await this.#store.write([{ type: "del", key: name }]);
  }
  /** Every entry whose key starts with `prefix` (for example `<notebook>/`), in key order. */
  async list(prefix = "") {
    if (typeof prefix !== "string" || !PREFIX.test(prefix))
      throw badInput(`The consent prefix ${JSON.stringify(prefix)} is not valid.`);
    const atRest = this.#keyring.get();
    const out = [];
    for await (const [name, record] of this.#store.scan(consentKey(prefix))) {
      out.push({ key: name.slice(CONSENT.length), value: parse2(name, unseal(atRest, name, record)) });
    }
    return out;
  }
};
function parse2(name, plain2) {
  try {
    return JSON.parse(text2.decode(plain2));
  } catch (cause) {
    throw damaged(name, "it does not hold JSON", cause);
  }
}

// packages/vault/dist/keyring.js
var Keyring = class {
  #dir;
  #key;
  #closed = false;
  constructor(dir) {
    this.#dir = dir;
  }
  /** True once a key was set and until close(). */
  get unlocked() {
    return this.#key !== void 0;
  }
  /** Keeps a private copy of `key`, so the caller may zero its own. */
  set(key) {
    this.#key?.fill(0);
    this.#key = Uint8Array.from(key);
  }
  /** The at-rest key; throws ERR_LOCKED before unlock, ERR_VAULT_CLOSED after close. */
  get() {
    if (this.#closed)
      throw new VaultError("ERR_VAULT_CLOSED", `The vault at ${this.#dir} is closed; open it again before using it.`);
    if (this.#key === void 0) {
      throw new VaultError("ERR_LOCKED", `The vault at ${this.#dir} is locked; unlock it with the at-rest key from the keystore first.`);
    }
    return this.#key;
  }
  /** Zeroes and forgets the key for good: the vault is closing. */
  close() {
    this.#key?.fill(0);
    this.#key = void 0;
    this.#closed = true;
  }
};

// packages/vault/dist/notebooks.js
var import_debug = __toESM(require_src(), 1);

// packages/vault/dist/serial.js
var Serial = class {
  #tails = /* @__PURE__ */ new Map();
  /** Runs `task` after every task queued earlier under `name` has settled; resolves or rejects as `task` does. */
  run(name, task) {
    const result = (this.#tails.get(name) ?? Promise.resolve()).then(task);
    const tail = result.then(() => {
    }, () => {
    });
    this.#tails.set(name, tail);
    void tail.then(() => {
      if (this.#tails.get(name) === tail)
        this.#tails.delete(name);
    });
    return result;
  }
  /** Resolves once every task queued so far has settled. */
  async idle() {
    await Promise.all(this.#tails.values());
  }
};

// packages/vault/dist/notebooks.js
var Automerge;
var loading;
async function loadAutomerge() {
  await (loading ??= import("@automerge/automerge").then((m) => {
    Automerge = m;
  }));
}
var log = (0, import_debug.default)("techo:vault");
var utf84 = new TextEncoder();
var text3 = new TextDecoder();
var DEFAULT_COMPACTION = { maxChunks: 1e3, chunkRatio: 0.25 };
var MIN_CHUNK_BYTES = 64 * 1024;
var ACTOR = /^(?:[0-9a-f]{2}){1,32}$/;
var Notebooks = class {
  #store;
  #keyring;
  #audit;
  #policy;
  #states = /* @__PURE__ */ new Map();
  #serial = new Serial();
  constructor(store, keyring, audit, policy) {
    this.#store = store;
    this.#keyring = keyring;
    this.#audit = audit;
    this.#policy = policy;
  }
  /**
   * Durably stores every change of `doc` since the last save, as one encrypted chunk (or, past the
   * compaction threshold, one new snapshot), in one atomic batch with `options.audit`.
   * Throws ERR_STALE_DOC if `doc` lacks changes saved earlier, ERR_SHREDDED for a shredded id.
   */
  async save(id, doc, options = {}) {
    checkId("notebook id", id);
    await loadAutomerge();
    if (!Automerge.isAutomerge(doc))
      throw badInput(`The document given to save notebook ${id} is not an Automerge document.`);
    const auditOps = this.#audit.prepare(options.audit ?? []);
    return await this.#serial.run(id, async () => {
      const state = await this.#state(id);
      const plan = state === void 0 ? await this.#create(id, doc, options.recreate === true) : this.#append(id, state, doc);
      await this.#store.write([...plan.ops, ...auditOps]);
      if (plan.state !== void 0)
        this.#states.set(id, plan.state);
      return { ...plan.result, bytes: plan.ops.reduce((n, op) => n + (op.type === "put" ? op.value.length : 0), 0) };
    });
  }
  /**
   * The notebook as an Automerge document whose new changes carry `options.actor`, or undefined if
   * it was never stored. Throws ERR_SHREDDED after shred(), ERR_DAMAGED_VAULT naming the bad record.
   */
  async load(id, options) {
    checkId("notebook id", id);
    const actor = options?.actor;
    if (typeof actor !== "string" || !ACTOR.test(actor))
      throw badInput(`The actor id ${JSON.stringify(actor)} is not valid: use 1 to 32 bytes as lowercase hex.`);
    await loadAutomerge();
    return await this.#serial.run(id, async () => {
      const key = this.#states.get(id)?.key ?? await this.#notebookKey(id);
      if (key === void 0) {
        if (await this.#store.get(shreddedKey(id)) !== void 0)
          throw shredded(id);
        return void 0;
      }
      const { head, doc } = await this.#open(id, key, actor);
      this.#states.set(id, { ...head, key });
      return doc;
    });
  }
  /** True if a notebook with this id is stored (and not shredded). */
  async has(id) {
    checkId("notebook id", id);
    this.#keyring.get();
    return await this.#store.get(notebookKey(id)) !== void 0;
  }
  /** The ids of every stored notebook, sorted. */
  async list() {
    this.#keyring.get();
    return (await this.#store.keys(NOTEBOOK_KEYS)).map((k) => k.slice(NOTEBOOK_KEYS.length));
  }
  /**
   * Crypto-shreds a notebook: in one batch deletes its key, its data and its sync states and leaves a
   * tombstone, then compacts those key ranges so the bytes leave the database files.
   * Returns false if there was nothing to shred.
   */
  async shred(id, options = {}) {
    checkId("notebook id", id);
    const auditOps = this.#audit.prepare(options.audit ?? []);
    return await this.#serial.run(id, async () => {
      if (await this.#store.get(notebookKey(id)) === void 0)
        return false;
      const data = [...await this.#store.keys(notebookPrefix(id)), ...await this.#store.keys(syncPrefix(id))];
      const ops = [
        { type: "del", key: notebookKey(id) },
        ...data.map((key) => ({ type: "del", key })),
        { type: "put", key: shreddedKey(id), value: utf84.encode((/* @__PURE__ */ new Date()).toISOString()) },
        ...auditOps
      ];
      await this.#store.write(ops);
      this.#states.get(id)?.key.fill(0);
      this.#states.delete(id);
      for (const prefix of [notebookKey(id), notebookPrefix(id), syncPrefix(id)])
        await this.#store.compact(prefix);
      log("shredded notebook %s (%d records)", id, data.length + 1);
      return true;
    });
  }
  /**
   * Folds a notebook's chunks into one new snapshot now (say, when the node is idle) and compacts its
   * key range, so the next load is as fast as it gets and replaced records leave the disk.
   * Returns false if no such notebook is stored.
   */
  async compact(id) {
    checkId("notebook id", id);
    await loadAutomerge();
    return await this.#serial.run(id, async () => {
      const state = await this.#state(id);
      if (state === void 0)
        return false;
      if (state.next > state.base) {
        const { doc } = await this.#open(id, state.key, "00");
        const plan = this.#compaction(id, state, Automerge.save(doc), state.heads);
        Automerge.free(doc);
        await this.#store.write(plan.ops);
        this.#states.set(id, plan.state);
      }
      await this.#store.compact(notebookPrefix(id));
      return true;
    });
  }
  /** Resolves once every queued save, load and shred has settled. */
  async idle() {
    await this.#serial.idle();
  }
  /** Zeroes and drops the cached notebook keys. */
  forget() {
    for (const state of this.#states.values())
      state.key.fill(0);
    this.#states.clear();
  }
  /** Notebook `id`'s key, unwrapped with the at-rest key, or undefined if none is stored. */
  async #notebookKey(id) {
    const atRest = this.#keyring.get();
    const wrapped = await this.#store.get(notebookKey(id));
    return wrapped === void 0 ? void 0 : unseal(atRest, notebookKey(id), wrapped);
  }
  /** The cached state of a stored notebook, reading its key and head record on first use. */
  async #state(id) {
    const cached = this.#states.get(id);
    if (cached !== void 0)
      return cached;
    const key = await this.#notebookKey(id);
    if (key === void 0)
      return void 0;
    const record = await this.#store.get(headKey(id));
    if (record === void 0)
      throw damaged(headKey(id), "it is missing although the notebook key exists");
    const state = { ...parseHead(headKey(id), unseal(key, headKey(id), record)), key };
    this.#states.set(id, state);
    return state;
  }
  /** Reads head, snapshot and chunks from one consistent view of the database, and decrypts them. */
  async #read(id, key) {
    const records = /* @__PURE__ */ new Map();
    for await (const [name, record] of this.#store.scan(notebookPrefix(id)))
      records.set(name, record);
    const headRecord = records.get(headKey(id));
    if (headRecord === void 0)
      throw damaged(headKey(id), "it is missing although the notebook key exists");
    const head = parseHead(headKey(id), unseal(key, headKey(id), headRecord));
    const snapshotRecord = records.get(snapshotKey(id));
    if (snapshotRecord === void 0)
      throw damaged(snapshotKey(id), "it is missing");
    const expected = /* @__PURE__ */ new Set([headKey(id), snapshotKey(id)]);
    const chunks = [];
    for (let seq = head.base; seq < head.next; seq++) {
      const name = chunkKey(id, seq);
      const record = records.get(name);
      if (record === void 0)
        throw damaged(name, "it is missing although the head record lists it");
      chunks.push(unseal(key, name, record));
      expected.add(name);
    }
    for (const name of records.keys()) {
      if (!expected.has(name))
        throw damaged(name, "it is not part of the notebook the head record describes");
    }
    return { head, snapshot: unseal(key, snapshotKey(id), snapshotRecord), chunks };
  }
  /** Loads the stored document and checks that it reaches the heads of the last save. */
  async #open(id, key, actor) {
    const { head, snapshot, chunks } = await this.#read(id, key);
    let doc;
    try {
      doc = Automerge.load(snapshot, { actor });
    } catch (cause) {
      throw damaged(snapshotKey(id), "it does not hold an Automerge document", cause);
    }
    if (chunks.length > 0) {
      try {
        doc = Automerge.loadIncremental(doc, concat(chunks));
      } catch (cause) {
        throw damaged(chunkPrefix(id), "its chunks do not hold Automerge changes", cause);
      }
    }
    if (!sameHeads(Automerge.getHeads(doc), head.heads)) {
      throw damaged(headKey(id), "the stored snapshot and chunks do not reach the heads of the last save");
    }
    return { head, doc };
  }
  /** The batch that replaces the snapshot with `snapshot` (at `heads`) and deletes every chunk. */
  #compaction(id, state, snapshot, heads) {
    const head = { heads, base: state.next, next: state.next, chunkBytes: 0, snapshotBytes: snapshot.length };
    const ops = [{ type: "put", key: snapshotKey(id), value: seal(state.key, snapshotKey(id), snapshot) }, headOp(id, state.key, head)];
    for (let seq = state.base; seq < state.next; seq++)
      ops.push({ type: "del", key: chunkKey(id, seq) });
    log("compacting notebook %s: %d chunks into a %d-byte snapshot", id, state.next - state.base, snapshot.length);
    return { ops, state: { ...head, key: state.key }, result: { changed: true, compacted: true } };
  }
  /** First save: a new notebook key and a snapshot. */
  async #create(id, doc, recreate) {
    const tombstone = await this.#store.get(shreddedKey(id));
    if (tombstone !== void 0 && !recreate)
      throw shredded(id);
    const atRest = this.#keyring.get();
    const key = randomKey();
    const snapshot = automerge(id, () => Automerge.save(doc));
    const head = { heads: Automerge.getHeads(doc), base: 0, next: 0, chunkBytes: 0, snapshotBytes: snapshot.length };
    const ops = [
      { type: "put", key: notebookKey(id), value: seal(atRest, notebookKey(id), key) },
      { type: "put", key: snapshotKey(id), value: seal(key, snapshotKey(id), snapshot) },
      headOp(id, key, head)
    ];
    if (tombstone !== void 0)
      ops.push({ type: "del", key: shreddedKey(id) });
    log("created notebook %s (%d bytes)", id, snapshot.length);
    return { ops, state: { ...head, key }, result: { changed: true, compacted: false } };
  }
  /** Later saves: one chunk with the changes since the last save, or a compaction. */
  #append(id, state, doc) {
    const heads = automerge(id, () => Automerge.getHeads(doc));
    if (!Automerge.hasHeads(doc, state.heads)) {
      throw new VaultError("ERR_STALE_DOC", `The copy of notebook ${id} being saved lacks changes that were saved before; load the notebook again (or merge it into this copy) and save that.`);
    }
    if (sameHeads(heads, state.heads))
      return { ops: [], result: { changed: false, compacted: false } };
    const chunk = automerge(id, () => Automerge.saveSince(doc, state.heads));
    const chunkBytes = state.chunkBytes + chunk.length;
    const chunkCount = state.next - state.base + 1;
    if (chunkCount > this.#policy.maxChunks || chunkBytes > Math.max(MIN_CHUNK_BYTES, state.snapshotBytes * this.#policy.chunkRatio)) {
      return this.#compaction(id, state, automerge(id, () => Automerge.save(doc)), heads);
    }
    const head = { heads, base: state.base, next: state.next + 1, chunkBytes, snapshotBytes: state.snapshotBytes };
    return {
      ops: [{ type: "put", key: chunkKey(id, state.next), value: seal(state.key, chunkKey(id, state.next), chunk) }, headOp(id, state.key, head)],
      state: { ...head, key: state.key },
      result: { changed: true, compacted: false }
    };
  }
};
function shredded(id) {
  return new VaultError("ERR_SHREDDED", `Notebook ${id} was crypto-shredded on this device; its contents are gone for good.`);
}
function automerge(id, call) {
  try {
    return call();
  } catch (cause) {
    throw new VaultError("ERR_BAD_INPUT", `The document given to save notebook ${id} could not be encoded (${cause.message}).`, { cause });
  }
}
function headOp(id, key, head) {
  return { type: "put", key: headKey(id), value: seal(key, headKey(id), utf84.encode(JSON.stringify(head))) };
}
function parseHead(name, plain2) {
  let head;
  try {
    head = JSON.parse(text3.decode(plain2));
  } catch (cause) {
    throw damaged(name, "it does not hold JSON", cause);
  }
  const count = (n) => Number.isSafeInteger(n) && n >= 0;
  if (!Array.isArray(head?.heads) || !head.heads.every((h) => typeof h === "string") || !count(head.base) || !count(head.next) || head.next < head.base || !count(head.chunkBytes) || !count(head.snapshotBytes)) {
    throw damaged(name, "it does not describe a notebook");
  }
  return head;
}
function sameHeads(a, b) {
  if (a.length !== b.length)
    return false;
  const set = new Set(a);
  return b.every((h) => set.has(h));
}
function concat(parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

// packages/vault/dist/store.js
var import_debug2 = __toESM(require_src(), 1);
import { ClassicLevel } from "classic-level";
import { existsSync } from "node:fs";
import { join } from "node:path";
var log2 = (0, import_debug2.default)("techo:vault");
var Store = class _Store {
  dir;
  #db;
  #durable;
  constructor(dir, db, durable) {
    this.dir = dir;
    this.#db = db;
    this.#durable = durable;
  }
  /** Opens the database in `dir` (creating it only if `create`); throws ERR_NO_VAULT, ERR_VAULT_LOCKED, ERR_DAMAGED_VAULT or ERR_VAULT_IO. */
  static async open(dir, options) {
    if (!options.create && !existsSync(join(dir, "CURRENT"))) {
      throw new VaultError("ERR_NO_VAULT", `There is no vault in ${dir}.`);
    }
    const db = new ClassicLevel(dir, { keyEncoding: "utf8", valueEncoding: "view", compression: false });
    try {
      await db.open({ createIfMissing: options.create });
    } catch (err) {
      throw translate(err, dir);
    }
    log2("opened %s", dir);
    return new _Store(dir, db, options.durable);
  }
  /** The stored bytes at `key`, or undefined. */
  async get(key) {
    try {
      const value = await this.#db.get(key);
      return value === void 0 ? void 0 : plain(value);
    } catch (err) {
      throw translate(err, this.dir);
    }
  }
  /**
   * Applies `ops` as one atomic batch: after a crash either all of them or none are there.
   * Durable writes wait for fsync (unless the vault was opened with durable: false).
   */
  async write(ops, options = {}) {
    if (ops.length === 0)
      return;
    try {
      await this.#db.batch(ops, { sync: this.#durable && options.durable !== false });
    } catch (err) {
      throw translate(err, this.dir);
    }
  }
  /** Yields [key, value] for every key under `prefix`, from one consistent view of the database. */
  async *scan(prefix, options = {}) {
    const bounds = range(prefix);
    try {
      for await (const entry of this.#db.iterator({
        gte: options.gte ?? bounds.gte,
        lt: bounds.lt,
        reverse: options.reverse ?? false,
        limit: options.limit ?? -1
      }))
        yield [entry[0], plain(entry[1])];
    } catch (err) {
      throw translate(err, this.dir);
    }
  }
  /** Every key under `prefix`, in order. */
  async keys(prefix) {
    try {
      return await this.#db.keys(range(prefix)).all();
    } catch (err) {
      throw translate(err, this.dir);
    }
  }
  /** Rewrites the LSM files under `prefix`, so deleted values leave the files on disk. */
  async compact(prefix) {
    const bounds = range(prefix);
    try {
      await this.#db.compactRange(bounds.gte, bounds.lt);
    } catch (err) {
      throw translate(err, this.dir);
    }
  }
  /** Closes the database and releases its lock. */
  async close() {
    await this.#db.close();
    log2("closed %s", this.dir);
  }
};
function plain(bytes) {
  return bytes.constructor === Uint8Array ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
function root(err) {
  let e = err;
  while (e instanceof Error && e.cause instanceof Error)
    e = e.cause;
  return e;
}
function translate(err, dir) {
  if (err instanceof VaultError)
    return err;
  const inner = root(err);
  const reason = inner instanceof Error ? inner.message : String(inner);
  const code = inner?.code;
  if (code === "LEVEL_LOCKED") {
    return new VaultError("ERR_VAULT_LOCKED", `The vault at ${dir} is in use by another techo process; stop it, or run this command through it, and try again.`, { cause: err });
  }
  if (code === "LEVEL_CORRUPTION") {
    return new VaultError("ERR_DAMAGED_VAULT", `The database files of the vault at ${dir} are damaged (${reason}); restore the directory from a backup or sync the notebook again from a clinic replica.`, { cause: err });
  }
  if (code === "LEVEL_IO_ERROR" || inner instanceof Error && "syscall" in inner) {
    return new VaultError("ERR_VAULT_IO", `The vault at ${dir} could not be read or written (${reason}); check the disk space and the directory's permissions.`, { cause: err });
  }
  if (code === "LEVEL_DATABASE_NOT_OPEN") {
    return new VaultError("ERR_VAULT_CLOSED", `The vault at ${dir} is closed; open it again before using it.`, { cause: err });
  }
  return err;
}

// packages/vault/dist/sync-state.js
var SyncStates = class {
  #store;
  #keyring;
  constructor(store, keyring) {
    this.#store = store;
    this.#keyring = keyring;
  }
  /** The encoded sync state last stored for this notebook and peer, or undefined. */
  async get(notebook, peer) {
    const name = syncKey(checkId("notebook id", notebook), checkId("peer id", peer));
    const key = this.#keyring.get();
    const record = await this.#store.get(name);
    return record === void 0 ? void 0 : unseal(key, name, record);
  }
  /** Stores the encoded sync state for this notebook and peer, replacing the previous one. */
  async put(notebook, peer, state) {
    const name = syncKey(checkId("notebook id", notebook), checkId("peer id", peer));
    if (!(state instanceof Uint8Array))
      throw badInput("A sync state must be bytes (a Uint8Array).");
    const key = this.#keyring.get();
    await this.#store.write([{ type: "put", key: name, value: seal(key, name, state) }], { durable: false });
  }
  /** Forgets the sync state for this notebook and peer (the next sync starts from scratch). */
  async delete(notebook, peer) {
    const name = syncKey(checkId("notebook id", notebook), checkId("peer id", peer));
    this.#keyring.get();
    await this.#store.write([{ type: "del", key: name }], { durable: false });
  }
};

// packages/vault/dist/vault.js
var FORMAT_VERSION = "1";
var IDENTITY_MARKER = "TECHO-IDENTITY";
var utf85 = new TextEncoder();
var text4 = new TextDecoder();
var CHECK = utf85.encode("techo vault at-rest key check v1");
var Vault = class {
  /** The directory holding the database. */
  dir;
  /** Encrypted notebooks: save, load, list, has, shred. */
  notebooks;
  /** Encrypted per-peer sync state. */
  syncState;
  /** Encrypted JSON cache of consent. */
  consent;
  /** Encrypted, time-ordered audit log. */
  audit;
  #store;
  #keyring;
  #closing;
  constructor(store, run, policy) {
    this.dir = store.dir;
    this.#store = store;
    this.#keyring = new Keyring(store.dir);
    this.audit = new AuditLog(store, this.#keyring, run);
    this.notebooks = new Notebooks(store, this.#keyring, this.audit, policy);
    this.syncState = new SyncStates(store, this.#keyring);
    this.consent = new ConsentCache(store, this.#keyring);
  }
  /** True between a successful unlock() and close(). */
  get unlocked() {
    return this.#keyring.unlocked;
  }
  /**
   * The sealed keystore bytes stored by putSealedKeystore(), or undefined on a new vault. Throws
   * ERR_DAMAGED_VAULT when the marker file says a keystore was stored but the database lost it.
   * Works while locked.
   */
  async getSealedKeystore() {
    const sealed = await this.#store.get(KEYSTORE);
    if (sealed === void 0 && existsSync2(join2(this.dir, IDENTITY_MARKER))) {
      throw new VaultError("ERR_DAMAGED_VAULT", `The vault at ${this.dir} has lost its keystore: its database files are damaged. Restore the directory from a backup, or run \`techo recover\` into a new directory.`);
    }
    return sealed;
  }
  /** The recovery slot stored beside the keystore (already wrapped to the party's key), or undefined. Works while locked. */
  async getRecovery() {
    return await this.#store.get(RECOVERY);
  }
  /**
   * Durably stores the keystore, already sealed with the passphrase by identity, and (if given) the
   * recovery slot that lets the recovery phrase reopen this vault, in one atomic write. Works while locked.
   */
  async putSealedKeystore(sealed, recovery) {
    if (!(sealed instanceof Uint8Array) || sealed.length === 0)
      throw badInput("The sealed keystore must be non-empty bytes (a Uint8Array).");
    if (recovery !== void 0 && (!(recovery instanceof Uint8Array) || recovery.length === 0))
      throw badInput("The recovery slot must be non-empty bytes (a Uint8Array).");
    await this.#store.write([
      { type: "put", key: KEYSTORE, value: sealed },
      ...recovery === void 0 ? [] : [{ type: "put", key: RECOVERY, value: recovery }]
    ]);
    writeFileSync(join2(this.dir, IDENTITY_MARKER), "This vault holds a techo keystore.\n", { flush: true });
  }
  /**
   * Unlocks the encrypted namespaces with the 32-byte at-rest key from the keystore. The first unlock of
   * a vault binds it to that key; later ones throw ERR_WRONG_KEY for any other key.
   */
  async unlock(atRestKey) {
    if (!(atRestKey instanceof Uint8Array) || atRestKey.length !== KEY_BYTES)
      throw badInput(`The at-rest key must be ${KEY_BYTES} bytes.`);
    const check = await this.#store.get(KEY_CHECK);
    if (check === void 0) {
      await this.#store.write([{ type: "put", key: KEY_CHECK, value: seal(atRestKey, KEY_CHECK, CHECK) }]);
    } else {
      let plain2;
      try {
        plain2 = unseal(atRestKey, KEY_CHECK, check);
      } catch {
      }
      if (plain2 === void 0 || !Buffer.from(plain2).equals(CHECK)) {
        throw new VaultError("ERR_WRONG_KEY", `The at-rest key does not open the vault at ${this.dir}; the keystore belongs to another vault (or the vault's key check is damaged).`);
      }
    }
    this.#keyring.set(atRestKey);
  }
  /** Waits for queued notebook work, closes the database (releasing it for other processes) and wipes the keys from memory. */
  async close() {
    this.#closing ??= (async () => {
      try {
        await this.notebooks.idle();
        await this.#store.close();
      } finally {
        this.notebooks.forget();
        this.#keyring.close();
      }
    })();
    await this.#closing;
  }
};
async function openVault(dir, options = {}) {
  if (typeof dir !== "string" || dir === "")
    throw badInput("The vault directory must be a path.");
  const policy = { ...DEFAULT_COMPACTION, ...options.compaction };
  if (!Number.isInteger(policy.maxChunks) || policy.maxChunks < 1 || !(policy.chunkRatio > 0)) {
    throw badInput("The compaction policy needs maxChunks \u2265 1 and chunkRatio > 0.");
  }
  const store = await Store.open(dir, { durable: options.durable ?? true, create: options.create ?? true });
  try {
    const run = await startRun(store);
    return new Vault(store, run, policy);
  } catch (err) {
    await store.close();
    throw err;
  }
}
async function startRun(store) {
  const format = await store.get(FORMAT);
  if (format === void 0) {
    for await (const [name] of store.scan("", { limit: 1 })) {
      throw new VaultError("ERR_DAMAGED_VAULT", `The directory ${store.dir} holds a database that is not a techo vault (it has ${name} but no format marker); point techo at another directory.`);
    }
  } else if (text4.decode(format) !== FORMAT_VERSION) {
    throw new VaultError("ERR_UNSUPPORTED_VAULT", `The vault at ${store.dir} has format ${text4.decode(format)}, which this version of techo cannot read; upgrade techo.`);
  }
  const last = await store.get(RUN);
  const run = last === void 0 ? 1 : Number(text4.decode(last)) + 1;
  if (!Number.isSafeInteger(run))
    throw new VaultError("ERR_DAMAGED_VAULT", `The vault record ${RUN} is damaged: it is not a number.`);
  await store.write([
    { type: "put", key: FORMAT, value: utf85.encode(FORMAT_VERSION) },
    { type: "put", key: RUN, value: utf85.encode(String(run)) }
  ]);
  return run;
}

export {
  VaultError,
  DEFAULT_COMPACTION,
  openVault
};
