import { createContext, useContext } from 'react';

/** The chart id of `?embed=<chart>` while the page is one embedded chart; null on the full page. */
export const EmbedContext = createContext<string | null>(null);

export function useEmbeddedChart(): string | null {
  return useContext(EmbedContext);
}
