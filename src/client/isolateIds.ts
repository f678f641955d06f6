/** Copies of slide content (the speaker view's preview, a zoomed diagram) with ids of their own. */

const ID_LISTS = ['aria-labelledby', 'aria-describedby', 'aria-controls', 'aria-owns', 'for'];

/**
 * Gives every id in the clone (its root included) a prefix and rewrites
 * references to it (SVG `url(#id)`, `href="#id"`, selectors in inline
 * <style>, `aria-labelledby` lists), so a diagram's arrow markers and title
 * in a copy never resolve to the original's (possibly hidden) SVG.
 */
export function isolateIds(root: Element, prefix: string): void {
  const ids = new Set<string>();
  [root, ...Array.from(root.querySelectorAll('[id]'))].forEach((el) => {
    if (!el.id) return;
    ids.add(el.id);
    el.id = prefix + el.id;
  });
  if (!ids.size) return;
  const fix = (text: string): string =>
    text.replace(/(url\(\s*['"]?#|^#|\s#|,#|>#|\(#)([A-Za-z_][\w:.-]*)/g, (match, lead: string, id: string) => (ids.has(id) ? lead + prefix + id : match));
  [root, ...Array.from(root.querySelectorAll('*'))].forEach((el) => {
    for (const attr of Array.from(el.attributes)) {
      if (ID_LISTS.includes(attr.name)) el.setAttribute(attr.name, attr.value.split(/\s+/).map((id) => (ids.has(id) ? prefix + id : id)).join(' '));
      else if (attr.value.includes('#') && attr.name !== 'id') el.setAttribute(attr.name, fix(attr.value));
    }
  });
  root.querySelectorAll('style').forEach((style) => {
    style.textContent = (style.textContent ?? '').replace(/#([A-Za-z_][\w-]*)/g, (match, id: string) => (ids.has(id) ? `#${prefix}${id}` : match));
  });
}
