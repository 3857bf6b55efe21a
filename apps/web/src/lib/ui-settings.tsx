import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { readStored, writeStored } from './storage';

export type NavPageKey = 'dashboard' | 'gallery' | 'generate' | 'tags' | 'recommendations' | 'notifications' | 'flagged' | 'settings';

export interface UiSettings {
  hiddenPages: NavPageKey[];
  backend: 'kerniegen' | 'comfyui';
}

const KEY = 'ui-settings';
const DEFAULTS: UiSettings = { hiddenPages: ['recommendations', 'flagged'], backend: 'kerniegen' };

function isSettings(v: unknown): v is Partial<UiSettings> {
  return typeof v === 'object' && v !== null;
}

interface Ctx {
  settings: UiSettings;
  update: (patch: Partial<UiSettings>) => void;
}
const UiSettingsContext = createContext<Ctx | null>(null);

export function UiSettingsProvider({ children }: { children: ReactNode }) {
  const [settings, setSettings] = useState<UiSettings>(() => ({ ...DEFAULTS, ...readStored(KEY, {}, isSettings) }));
  const update = useCallback((patch: Partial<UiSettings>) => {
    setSettings((s) => {
      const next = { ...s, ...patch };
      writeStored(KEY, next);
      return next;
    });
  }, []);
  const value = useMemo(() => ({ settings, update }), [settings, update]);
  return <UiSettingsContext.Provider value={value}>{children}</UiSettingsContext.Provider>;
}

export function useUiSettings(): Ctx {
  const ctx = useContext(UiSettingsContext);
  if (!ctx) throw new Error('useUiSettings outside UiSettingsProvider');
  return ctx;
}
