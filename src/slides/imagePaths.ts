/** What an image `src` names on disk, if anything: shared by the image renderer and the block classifier. */

/** The path part of a local image src (`a/b.png?x#y` → `a/b.png`), or undefined for URLs with a scheme, hosts and fragments. */
export function localImagePath(src: string): string | undefined {
  if (src === '' || /^(?:[a-z][a-z0-9+.-]*:|[\\/]{2}|#)/i.test(src)) return undefined;
  const pathPart = src.replace(/[?#].*$/s, '');
  try {
    return decodeURI(pathPart);
  } catch {
    return pathPart;
  }
}

/** An image naming a `.mmd` file: judged on the path alone (`x.env#.mmd` is an image of `x.env`, not a diagram). */
export function isDiagramFile(src: string): boolean {
  return /\.mmd$/i.test(localImagePath(src) ?? '');
}
