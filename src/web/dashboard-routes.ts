import { PATH_METADATA } from '@nestjs/common/constants';

/** Set on each handler of a dashboard controller: its route is served at its own path, outside the API's prefix. */
const DASHBOARD_ROUTE = 'pat:dashboard-route';

/**
 * Marks every route handler of the controller as the dashboard's. Per handler, because Nest
 * hands the HTTP adapter the handler (with its metadata), not the controller.
 */
export const DashboardRoutes = (): ClassDecorator => (target) => {
  const prototype = (target as unknown as { prototype: Record<string, unknown> }).prototype;
  for (const name of Object.getOwnPropertyNames(prototype)) {
    const handler = prototype[name];
    if (typeof handler === 'function' && Reflect.getMetadata(PATH_METADATA, handler) !== undefined) Reflect.defineMetadata(DASHBOARD_ROUTE, true, handler);
  }
};

/**
 * The path a route is served at. Nest puts the global prefix before every route; a dashboard
 * page is served without it. Excluding the dashboard's paths from the prefix instead would
 * move an API route of the same path with them (`/api/v1/agreements` beside the page
 * `/agreements`), since Nest excludes by path and method only.
 */
export function servedPath(path: string, handler: unknown, prefix: string): string {
  if (typeof handler !== 'function' || Reflect.getMetadata(DASHBOARD_ROUTE, handler) !== true) return path;
  const prefixed = `/${prefix}`;
  return path === prefixed ? '/' : path.startsWith(`${prefixed}/`) ? path.slice(prefixed.length) : path;
}
