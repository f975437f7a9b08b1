import type { ApiError } from '@chat/shared/contracts';

/** Where a store's request stands; one value instead of loading/error flags scattered across components. */
export type CallState = 'init' | 'loading' | 'loaded' | { error: ApiError };

export function callError(state: CallState): ApiError | null {
  return typeof state === 'object' ? state.error : null;
}

export function isLoading(state: CallState): boolean {
  return state === 'loading';
}
