/**
 * Light and dark on the course index: it follows the system
 * (`prefers-color-scheme`) and can be switched; the choice is remembered in
 * localStorage. Each theme's stylesheet (fonts + --ld-* variables) is built
 * by Vite as its own file and linked after the page's own theme, so it wins
 * while linked. A course whose theme is high-contrast keeps it unless the
 * student picks another.
 */
import darkCss from '../../themes/dark/theme.css?url';
import highContrastCss from '../../themes/high-contrast/theme.css?url';
import lightCss from '../../themes/light/theme.css?url';

export type SchemeChoice = 'auto' | 'light' | 'dark' | 'high-contrast';

const STYLESHEETS: Record<Exclude<SchemeChoice, 'auto'>, string> = { light: lightCss, dark: darkCss, 'high-contrast': highContrastCss };
const STORAGE_KEY = 'lessondeck:color-scheme';
const DARK_QUERY = '(prefers-color-scheme: dark)';

function isChoice(value: unknown): value is SchemeChoice {
  return value === 'auto' || value === 'light' || value === 'dark' || value === 'high-contrast';
}

function storedChoice(): SchemeChoice {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isChoice(value) ? value : 'auto';
  } catch {
    return 'auto';
  }
}

function storeChoice(choice: SchemeChoice): void {
  try {
    localStorage.setItem(STORAGE_KEY, choice);
  } catch {
    // not remembered; still applied
  }
}

/** The theme a choice means right now. */
export function effectiveTheme(choice: SchemeChoice, courseTheme: string, systemDark: boolean): string {
  if (choice !== 'auto') return choice;
  if (courseTheme === 'high-contrast') return courseTheme;
  return systemDark ? 'dark' : 'light';
}

/**
 * One <link> per theme, made on first use and then only enabled or disabled:
 * changing a link's href would abort a stylesheet still loading.
 */
function useStylesheet(theme: string): void {
  const href = STYLESHEETS[theme as keyof typeof STYLESHEETS] ?? STYLESHEETS.light;
  let link = document.querySelector<HTMLLinkElement>(`link.ld-scheme[data-scheme="${theme}"]`);
  if (!link) {
    link = document.createElement('link');
    link.className = 'ld-scheme';
    link.rel = 'stylesheet';
    link.dataset['scheme'] = theme;
    link.href = href;
    document.head.append(link);
  }
  for (const other of document.querySelectorAll<HTMLLinkElement>('link.ld-scheme')) other.disabled = other !== link;
}

export function initColorScheme(select: HTMLSelectElement | null): void {
  const root = document.documentElement;
  const courseTheme = root.dataset['courseTheme'] ?? root.dataset['theme'] ?? 'light';
  root.dataset['courseTheme'] = courseTheme;
  const system = window.matchMedia(DARK_QUERY);
  let choice = storedChoice();
  const apply = (): void => {
    const theme = effectiveTheme(choice, courseTheme, system.matches);
    root.dataset['theme'] = theme;
    root.dataset['colorScheme'] = choice;
    useStylesheet(theme);
  };
  apply();
  system.addEventListener('change', apply);
  if (!select) return;
  select.value = choice;
  select.addEventListener('change', () => {
    choice = isChoice(select.value) ? select.value : 'auto';
    storeChoice(choice);
    apply();
  });
}
