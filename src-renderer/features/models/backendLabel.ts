import type { Backend } from '../../../src-shared/contract';

export function backendLabel(backend: Backend): string {
  return backend === 'cpu' ? 'CPU' : `GPU (${backend.toUpperCase()})`;
}
