/**
 * Other tools' markdown, one small rule per construct (see each file). Order
 * matters only where a rule reads another's output; markdown-it runs core
 * rules inserted "before block" in the order they are added here, and those
 * inserted "after block" / "after inline" in the reverse order — none of the
 * rules in one such group depends on another.
 */
import type { MarkdownIt } from 'markdown-it';
import { liquidPlugin } from './liquid.ts';
import { slidevFrontMatterPlugin } from './slidevFrontMatter.ts';
import { revealSeparatorsPlugin } from './revealSeparators.ts';
import { remarkClassesPlugin } from './remarkClasses.ts';
import { mkdocsAdmonitionsPlugin } from './mkdocsAdmonitions.ts';
import { mkdocsTabsPlugin } from './mkdocsTabs.ts';
import { containerAdmonitionsPlugin } from './containerAdmonitions.ts';
import { mathPlugin } from './math.ts';
import { slideNotesPlugin } from './slideNotes.ts';
import { htmlGroupsPlugin } from './htmlGroups.ts';
import { setextSeparatorsPlugin } from './setextSeparators.ts';
import { commentNotesPlugin } from './commentNotes.ts';
import { githubAlertsPlugin } from './githubAlerts.ts';
import { kramdownAttributesPlugin } from './kramdownAttributes.ts';
import { revealAttributesPlugin } from './revealAttributes.ts';
import { jekyllLinksPlugin } from './jekyllLinks.ts';
import { slidevClicksPlugin } from './slidevClicks.ts';
import { componentsPlugin } from './components.ts';
import { scriptsPlugin } from './scripts.ts';
import { detailsPlugin } from './details.ts';
import { svgStylesPlugin } from './svgStyles.ts';

/** Registers every dialect rule. Call after the fence plugin: math and PlantUML wrap its renderer. */
export function dialectsPlugin(md: MarkdownIt): void {
  // Text rewrites before markdown parses it (lines never move).
  md.use(liquidPlugin).use(slidevFrontMatterPlugin).use(revealSeparatorsPlugin).use(remarkClassesPlugin);
  // Block syntax.
  md.use(mkdocsAdmonitionsPlugin).use(mkdocsTabsPlugin).use(containerAdmonitionsPlugin).use(mathPlugin).use(slideNotesPlugin);
  // Token rewrites.
  md.use(htmlGroupsPlugin).use(setextSeparatorsPlugin).use(commentNotesPlugin);
  md.use(githubAlertsPlugin).use(kramdownAttributesPlugin).use(revealAttributesPlugin).use(jekyllLinksPlugin).use(slidevClicksPlugin).use(componentsPlugin);
  md.use(scriptsPlugin).use(detailsPlugin).use(svgStylesPlugin);
}
