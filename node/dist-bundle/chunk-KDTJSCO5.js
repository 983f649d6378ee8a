import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  actorIdForPeerId,
  deviceKeyFromBytes,
  peerIdOf
} from "./chunk-3MQLA4Z2.js";

// node/dist/session/self.js
function selfOf(keystore) {
  const peerId = peerIdOf(deviceKeyFromBytes(keystore.device)).toString();
  return { party: keystore.masterId, role: keystore.party, peerId, actor: actorIdForPeerId(peerId) };
}

export {
  selfOf
};
