/** A small JSON record per deck in localStorage (answers, lab progress); quietly empty when storage is off. */
export function loadRecord<T>(key: string): Record<string, T> {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(key) ?? '{}');
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, T>) : {};
  } catch {
    return {};
  }
}

export function saveRecord<T>(key: string, record: Record<string, T>): void {
  try {
    localStorage.setItem(key, JSON.stringify(record));
  } catch {
    // Full or disabled: progress lasts as long as the page.
  }
}
