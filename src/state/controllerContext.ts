/**
 * The page's controller, handed to components through React context: main.tsx makes one
 * controller for the page and App provides it, so components call its actions without a module
 * singleton, and a test can render them with a controller of its own.
 */
import { createContext, useContext } from 'react';
import type { Controller } from './controller';

export const ControllerContext = createContext<Controller | null>(null);

export function useController(): Controller {
  const c = useContext(ControllerContext);
  if (!c) throw new Error('useController: no ControllerContext.Provider above this component');
  return c;
}
