/**
 * The same engine on the page's own thread, for browsers whose workers cannot get WebGL while the
 * page can (e.g. no OffscreenCanvas WebGL). Loaded with a dynamic import, only when needed.
 */
import { createBrowserEngine } from './browserEngine';
import { inPageEndpoint } from './inPage';
import type { EngineEndpoint } from '../protocol/endpoint';

export function createMainThreadHost(): EngineEndpoint {
  return inPageEndpoint(createBrowserEngine);
}
