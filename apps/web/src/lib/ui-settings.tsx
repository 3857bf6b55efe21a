import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { readStored, writeStored } from './storage';

const NAV_PAGE_KEYS = ['dashboard', 'gallery', 'generate', 'tags', 'recommendations', 'notifications', 'flagged', 'settings'] as const;
export type NavPageKey = (typeof NAV_PAGE_KEYS)[number];

export interface UiSettings {
  hiddenPages: NavPageKey[];
  backend: 'kerniegen' | 'comfyui';
}

const KEY = 'ui-settings';
/** Stored with the settings; version 1 (no field) had other defaults, see settingsFromStored. */
const VERSION = 2;
/** Every page shows until the user hides it in Settings (admin-only pages to administrators only). */
export const DEFAULT_UI_SETTINGS: UiSettings = { hiddenPages: [], backend: 'kerniegen' };
/** What version 1 hid by default. */
const V1_DEFAULT_HIDDEN: readonly NavPageKey[] = ['recommendations', 'flagged'];

function isNavPageKey(v: unknown): v is NavPageKey {
  return typeof v === 'string' && (NAV_PAGE_KEYS as readonly string[]).includes(v);
}

/**
 * The settings from what localStorage holds, unknown values dropped. Version 1 hid Recommendations
 * and Flagged Content by default and saved that default with any other change, so a version-1
 * record hiding both holds the old default rather than a choice: both show again.
 */
export function settingsFromStored(stored: unknown): UiSettings {
  if (typeof stored !== 'object' || stored === null) return { ...DEFAULT_UI_SETTINGS, hiddenPages: [...DEFAULT_UI_SETTINGS.hiddenPages] };
  const raw = stored as { hiddenPages?: unknown; backend?: unknown; version?: unknown };
  let hidden = [...new Set(Array.isArray(raw.hiddenPages) ? raw.hiddenPages.filter(isNavPageKey) : DEFAULT_UI_SETTINGS.hiddenPages)];
  if (raw.version === undefined && V1_DEFAULT_HIDDEN.every((k) => hidden.includes(k))) hidden = hidden.filter((k) => !V1_DEFAULT_HIDDEN.includes(k));
  return { hiddenPages: hidden, backend: raw.backend === 'comfyui' ? 'comfyui' : DEFAULT_UI_SETTINGS.backend };
}

interface Ctx {
  settings: UiSettings;
  update: (patch: Partial<UiSettings>) => void;
}
const UiSettingsContext = createContext<Ctx | null>(null);

export function UiSettingsProvider({ children }: { children: ReactNode }) {
  const [settings, setSettings] = useState<UiSettings>(() => settingsFromStored(readStored<unknown>(KEY, null)));
  const update = useCallback((patch: Partial<UiSettings>) => {
    setSettings((s) => {
      const next = { ...s, ...patch };
      writeStored(KEY, { ...next, version: VERSION });
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
