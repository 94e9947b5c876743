/** Messages between the page and the import worker (one worker per load). */
import type { LoadedModelData } from './types';

export interface ImportRequest {
  type: 'load';
  files: File[];
}

export type ImportReply =
  | { type: 'progress'; done: number; total: number }
  | { type: 'loaded'; models: LoadedModelData[]; seconds: number }
  | { type: 'failed'; message: string };
