import { LecternError } from '../../../src-shared/errors';
import type { Handlers } from './types';

/**
 * Calls that the contract declares but this build does not implement yet. They answer `NOT_IMPLEMENTED` honestly,
 * so the UI can show "not available yet" rather than fake data. Each is replaced by its real handler when it lands.
 */
export function unavailableHandlers<K extends keyof Handlers>(names: readonly K[], what: string): Pick<Handlers, K> {
  const unavailable = (): never => {
    throw new LecternError('NOT_IMPLEMENTED', `${what} is not available in this version of Lectern yet.`);
  };
  return Object.fromEntries(names.map((name) => [name, unavailable])) as unknown as Pick<Handlers, K>;
}
