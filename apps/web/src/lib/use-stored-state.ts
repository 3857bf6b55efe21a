import { useCallback, useState } from 'react';
import { readStored, writeStored } from './storage';

/** useState persisted under a localStorage key. */
export function useStoredState<T>(key: string, initial: T, validate?: (v: unknown) => v is T): [T, (v: T) => void] {
  const [value, setValue] = useState<T>(() => readStored(key, initial, validate));
  const set = useCallback(
    (v: T) => {
      setValue(v);
      writeStored(key, v);
    },
    [key],
  );
  return [value, set];
}
