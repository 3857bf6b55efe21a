import type { Theme } from '@mui/material/styles';

/**
 * The bookmark button's look (that of a small MUI IconButton holding a primary or default icon) as
 * one class per theme. Grids mount a bookmark button in every tile while scrolling; a class that
 * exists already costs nothing to mount, where a styled component runs the style engine each time.
 * The sheet for a theme is written the first time a button renders with it; light and dark each
 * get one, and a theme built again with the same colours reuses its sheet.
 */
const classByTheme = new WeakMap<Theme, string>();
const classByRules = new Map<string, string>();

/** The rules for one theme, `&` standing for the class selector. */
export function bookmarkButtonRules(theme: Theme): string {
  const { palette, transitions, typography } = theme;
  const idle = palette.action.active;
  const on = palette.primary.main;
  const fade = (color: string, opacity: number) => theme.alpha(color, opacity);
  const ease = `${transitions.duration.shortest}ms ${transitions.easing.easeInOut}`;
  return [
    `&{display:inline-flex;align-items:center;justify-content:center;position:relative;box-sizing:border-box;flex:0 0 auto;margin:0;padding:5px;border:0;border-radius:50%;background-color:transparent;color:${idle};font-size:${typography.pxToRem(18)};text-align:center;cursor:pointer;user-select:none;vertical-align:middle;-webkit-appearance:none;appearance:none;-webkit-tap-highlight-color:transparent;outline:0;transition:background-color ${ease};}`,
    `&::-moz-focus-inner{border-style:none;}`,
    `&[data-size="medium"]{padding:8px;font-size:${typography.pxToRem(24)};}`,
    `&>svg{display:block;width:${typography.pxToRem(20)};height:${typography.pxToRem(20)};flex-shrink:0;fill:currentColor;pointer-events:none;}`,
    `&[data-size="medium"]>svg{width:${typography.pxToRem(24)};height:${typography.pxToRem(24)};}`,
    `&[aria-pressed="true"]{color:${on};}`,
    `&:hover{background-color:${fade(idle, palette.action.hoverOpacity)};}`,
    `&[aria-pressed="true"]:hover{background-color:${fade(on, palette.action.hoverOpacity)};}`,
    `@media (hover:none){&:hover,&[aria-pressed="true"]:hover{background-color:transparent;}}`,
    // Keyboard focus: the ring the tiles' picture links use, on a tint of the icon's colour.
    `&:focus-visible{outline:2px solid ${on};outline-offset:-2px;background-color:${fade(idle, palette.action.focusOpacity)};}`,
    `&[aria-pressed="true"]:focus-visible{background-color:${fade(on, palette.action.focusOpacity)};}`,
    // Pressed: in place of IconButton's ripple.
    `&:active{background-color:${fade(idle, palette.action.activatedOpacity)};}`,
    `&[aria-pressed="true"]:active{background-color:${fade(on, palette.action.activatedOpacity)};}`,
  ].join('\n');
}

/** The class name for this theme, writing its sheet into the document the first time. */
export function bookmarkButtonClass(theme: Theme): string {
  const known = classByTheme.get(theme);
  if (known) return known;
  const rules = bookmarkButtonRules(theme);
  let name = classByRules.get(rules);
  if (!name) {
    name = `gn-bookmark-button-${classByRules.size}`;
    classByRules.set(rules, name);
    const sheet = document.createElement('style');
    sheet.dataset.genonaut = name;
    sheet.textContent = rules.replaceAll('&', `.${name}`);
    document.head.appendChild(sheet);
  }
  classByTheme.set(theme, name);
  return name;
}
