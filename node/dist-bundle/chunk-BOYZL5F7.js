import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  setting
} from "./chunk-DHR2SADW.js";
import {
  CliError
} from "./chunk-A4G4HQPA.js";

// node/dist/cli/chain-settings.js
var CHAIN_PORT = 30001;
var CHAIN_ID = 1020;
var DEFAULT_CONTRACT = "techo_consent";
var DEFAULT_CHAIN_URL = `http://127.0.0.1:${CHAIN_PORT}`;
function withChainOptions(cmd) {
  return cmd.option("--chain <url>", `the IOST node or dev chain (default: $TECHO_CHAIN or ${DEFAULT_CHAIN_URL})`).option("--contract <id>", `the consent contract id or linked name (default: ${DEFAULT_CONTRACT})`);
}
function chainLocation(flags, dataDir) {
  return {
    url: setting("chain", flags.chain, dataDir, DEFAULT_CHAIN_URL).replace(/\/+$/, ""),
    contract: setting("contract", flags.contract, dataDir, DEFAULT_CONTRACT)
  };
}
async function chainConfig(flags, dataDir) {
  const { url, contract } = chainLocation(flags, dataDir);
  const chainId = Number(setting("chainId", void 0, dataDir, String(CHAIN_ID)));
  if (!Number.isInteger(chainId) || chainId <= 0)
    throw new CliError(`The chain id ${JSON.stringify(chainId)} is not a positive whole number.`);
  const isLocal = /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/.test(url);
  const admin = isLocal ? await import("@techo/devchain") : void 0;
  const account = setting("sponsor", void 0, dataDir, admin?.ADMIN_ACCOUNT ?? "");
  const secretKey = setting("sponsorKey", void 0, dataDir, admin?.ADMIN_SECRET_KEY ?? "");
  if (account === "" || secretKey === "") {
    throw new CliError(`${url} is not the local dev chain: set TECHO_SPONSOR and TECHO_SPONSOR_KEY (the IOST account that pays the gas).`);
  }
  return { url, chainId, contract, sponsor: { account, secretKey } };
}

export {
  CHAIN_PORT,
  DEFAULT_CONTRACT,
  DEFAULT_CHAIN_URL,
  withChainOptions,
  chainLocation,
  chainConfig
};
