/** What `lessondeck init --help` says it makes (kept in step with src/init/templates.ts by a unit test). */
export const INIT_HELP = `
Writes a ready course (nothing is overwritten; it stops if any of these exists):
  README.md                                   the course home, listing its modules
  module-01/README.md                         a module overview
  module-01/lessons/01-images-and-containers.md  a lesson with a Mermaid diagram and a Dockerfile
  module-01/labs/lab-01-build-an-image.md     a lab
  lessondeck.config.ts                        course settings (title, theme, fit, PDF, present)
  package.json                                scripts: dev, build, check, export
  .gitignore                                  node_modules, dist, pdf
  .github/workflows/pages.yml                 builds the site and publishes it with GitHub Pages

Then: npm install && npm run dev`;
