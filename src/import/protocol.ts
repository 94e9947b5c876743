/**
 * Messages between the page and the import worker (one worker per load), in the conventions of
 * src/browser/channel.ts: one request, 'load', answered by 'loaded' or 'error'; 'progress' events
 * in between.
 */
import { sampleBuffers } from '../analysis/sampleScores';
import type { LoadedModelData } from './types';

export interface ImportRequest {
  type: 'load';
  requestId: number;
  files: File[];
}

export type ImportReply =
  | { type: 'progress'; done: number; total: number }
  | { type: 'loaded'; requestId: number; models: LoadedModelData[]; seconds: number }
  | { type: 'error'; requestId?: number; message: string };

/** Buffers to move (not copy): the scores of the loaded models (the files themselves are copied). */
export function importTransferables(msg: ImportRequest | ImportReply): ArrayBuffer[] {
  if (msg.type !== 'loaded') return [];
  const buffers = msg.models.flatMap((m) => [
    ...sampleBuffers(m.test),
    ...(m.val ? sampleBuffers(m.val) : []),
  ]);
  return [...new Set(buffers)];
}
