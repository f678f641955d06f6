/**
 * Which markdown files of a course folder are pages (config `lessons.include`
 * and `lessons.exclude`): globs over course-relative posix paths, where `*`
 * and `?` stay within one folder and `**` spans folders.
 */
export interface LessonFileFilter {
  include?: readonly string[];
  exclude?: readonly string[];
}

export function filterLessonFiles(files: string[], filter: LessonFileFilter = {}): string[] {
  const include = (filter.include ?? []).map(globToRegExp);
  const exclude = (filter.exclude ?? []).map(globToRegExp);
  return files.filter((file) => (include.length === 0 || include.some((re) => re.test(file))) && !exclude.some((re) => re.test(file)));
}

export function globToRegExp(glob: string): RegExp {
  let source = '';
  const text = glob.replace(/^\.\//, '');
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '*' && text[i + 1] === '*') {
      // `**/` matches no folder or any number of them; a trailing `**` anything below.
      const slash = text[i + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'i');
}
