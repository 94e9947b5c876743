/**
 * The training engine's helper worker (started by the engine's worker, browserEngine.ts): trains
 * its part of a split bank (shardServer.ts, host/splitBank.ts) on wasm with one XNNPACK thread,
 * the engine's thread training the rest at the same time.
 */
import { configureWasmPaths, configureWasmThreads } from '../trainer/backend.browser';
import { initBackendWithReport } from '../trainer/backend';
import { workerSide } from '../../browser/channel';
import { shardAnswerTransferables, type ShardAnswer, type ShardRequest } from '../protocol/shard';
import { serveShard } from './shardServer';

configureWasmPaths();
configureWasmThreads(1);
const ready = initBackendWithReport('wasm').then((choice) => {
  if (choice.backend !== 'wasm') throw new Error(`wasm did not start here (${choice.failures.join('; ')})`);
});
serveShard(workerSide<ShardRequest, ShardAnswer>(shardAnswerTransferables), ready);
