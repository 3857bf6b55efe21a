import { describe, expect, it } from 'vitest';
import { DEFAULT_UI_SETTINGS, settingsFromStored } from '../src/lib/ui-settings';
import { NAV_ITEMS, visibleNavItems } from '../src/lib/nav-items';

/** The top-level sidebar entries for these settings, as the sidebar filters them. */
const sidebarKeys = (hidden: string[], isAdmin: boolean) => visibleNavItems(NAV_ITEMS, isAdmin).filter((i) => !i.hideable || !hidden.includes(i.key)).map((i) => i.key);

describe('sidebar pages by default', () => {
  it('shows every page to an administrator, Recommendations and Flagged Content included', () => {
    expect(DEFAULT_UI_SETTINGS.hiddenPages).toEqual([]);
    expect(sidebarKeys(settingsFromStored(null).hiddenPages, true)).toEqual(['dashboard', 'gallery', 'generate', 'tags', 'recommendations', 'notifications', 'flagged', 'settings']);
  });

  it('keeps admin-only pages (Flagged Content, Analytics) from other users', () => {
    const items = visibleNavItems(NAV_ITEMS, false);
    expect(sidebarKeys([], false)).toEqual(['dashboard', 'gallery', 'generate', 'tags', 'recommendations', 'notifications', 'settings']);
    expect(items.find((i) => i.key === 'settings')?.children?.map((c) => c.key)).toEqual(['search-history']);
  });
});

describe('stored UI settings', () => {
  it('keeps a choice saved by this version, including hiding both formerly hidden pages', () => {
    expect(settingsFromStored({ version: 2, hiddenPages: ['recommendations', 'flagged'], backend: 'comfyui' })).toEqual({ hiddenPages: ['recommendations', 'flagged'], backend: 'comfyui' });
    expect(settingsFromStored({ version: 2, hiddenPages: ['tags'], backend: 'kerniegen' })).toEqual({ hiddenPages: ['tags'], backend: 'kerniegen' });
  });

  it("shows again what the old default hid when an old record holds it, keeping the user's other choices", () => {
    expect(settingsFromStored({ hiddenPages: ['recommendations', 'flagged', 'tags'], backend: 'comfyui' })).toEqual({ hiddenPages: ['tags'], backend: 'comfyui' });
    // Only one of the pair: a choice the user made, kept.
    expect(settingsFromStored({ hiddenPages: ['flagged'] })).toEqual({ hiddenPages: ['flagged'], backend: 'kerniegen' });
  });

  it('drops unknown page keys, duplicates and bad values', () => {
    expect(settingsFromStored({ version: 2, hiddenPages: ['tags', 'tags', 'nope', 3], backend: 'other' })).toEqual({ hiddenPages: ['tags'], backend: 'kerniegen' });
    expect(settingsFromStored('garbage')).toEqual({ hiddenPages: [], backend: 'kerniegen' });
    expect(settingsFromStored({ version: 2, hiddenPages: 'tags' })).toEqual({ hiddenPages: [], backend: 'kerniegen' });
  });
});
