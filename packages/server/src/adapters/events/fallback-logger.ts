import type { Logger } from '../../ports/logger.js';

/** Used when a sink is given no logger: a sink that silently loses events would go unnoticed. */
export const fallbackLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: (obj, msg) => console.warn(msg ?? '', obj),
  error: (obj, msg) => console.error(msg ?? '', obj),
  child: () => fallbackLogger,
};
