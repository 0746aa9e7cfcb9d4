import type { IncomingMessage, ServerResponse } from 'node:http';

export type RouteHandler = (req: IncomingMessage & { params?: Record<string, string>; query?: unknown }, res: ServerResponse) => Promise<void> | void;

/** GET routes that features add to the HTTP server (each path once). */
export class RouteRegistry {
  readonly routes: { path: string; handler: RouteHandler }[] = [];

  get(path: string, handler: RouteHandler): void {
    this.routes.push({ path, handler });
  }
}
