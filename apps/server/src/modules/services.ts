import type { Runtime } from '../platform/runtime.ts';
import { SystemService } from './system/system.service.ts';

/**
 * Every module's service, built once per process. Modules call each other only through here.
 * Add a line per module.
 */
export function createServices(runtime: Runtime) {
  return {
    runtime,
    system: new SystemService(runtime),
  };
}

export type Services = ReturnType<typeof createServices>;
