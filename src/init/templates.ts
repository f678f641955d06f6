/**
 * The files `lessondeck init` writes: a small course on container images
 * (a lesson with a diagram and a Dockerfile, and a lab) plus what a course
 * repository needs around it. Paths are posix, relative to the new folder.
 */
export interface CourseTemplateInput {
  title: string;
  /** npm package name of the course (from its folder name). */
  packageName: string;
  /** The lessondeck version range the course depends on. */
  lessondeckRange: string;
}

export type CourseTemplate = Record<string, string>;

export function courseTemplate({ title, packageName, lessondeckRange }: CourseTemplateInput): CourseTemplate {
  return {
    'README.md': courseReadme(title),
    'module-01/README.md': moduleReadme,
    'module-01/lessons/01-images-and-containers.md': lesson,
    'module-01/labs/lab-01-build-an-image.md': lab,
    'lessondeck.config.ts': config(title),
    'package.json': `${JSON.stringify(packageJson(packageName, lessondeckRange), null, 2)}\n`,
    '.gitignore': gitignore,
    '.github/workflows/pages.yml': pagesWorkflow,
  };
}

function packageJson(name: string, lessondeckRange: string): Record<string, unknown> {
  return {
    name,
    private: true,
    type: 'module',
    scripts: {
      dev: 'lessondeck dev',
      build: 'lessondeck build --strict',
      check: 'lessondeck check',
      export: 'lessondeck export --format slides,handout',
    },
    devDependencies: { lessondeck: lessondeckRange },
  };
}

const courseReadme = (title: string) => `# ${title}

A short course written as plain markdown: each lesson reads well on GitHub and
becomes a slide deck with [lessondeck](https://www.npmjs.com/package/lessondeck).

## Modules

- [Module 1: Container images](module-01/README.md)

## Working on the course

\`\`\`sh
npm install
npm run dev      # live preview at http://localhost:5173
npm run check    # broken diagrams, links and slides that do not fit
npm run build    # the static site, in dist/
npm run export   # slides and handout PDFs, in pdf/
\`\`\`

Settings for the whole course live in \`lessondeck.config.ts\`. Pushing to \`main\`
publishes the site with GitHub Pages (\`.github/workflows/pages.yml\`); turn it on
under Settings → Pages → Source: GitHub Actions.
`;

const moduleReadme = `# Module 1: Container images

What an image is, how a Dockerfile describes one, and how to build and run it.

| | Document | Time |
|---|---|---|
| Lesson | [Images and containers](lessons/01-images-and-containers.md) | 30 min |
| Lab | [Build an image](labs/lab-01-build-an-image.md) | 30 min |
`;

const lesson = `---
title: "Lesson 1.1: Images and containers"
duration: 30
---

# Lesson 1.1: Images and containers

**Navigation:** [Module overview](../README.md) | [Lab →](../labs/lab-01-build-an-image.md)

## Why images

Software that runs on one laptop and fails on another usually differs in
something nobody wrote down: a library version, an environment variable, a
missing file. An image writes all of it down, once, so every machine starts
the program from the same files.

- An **image** is a read-only bundle of files plus a note saying what to run
- A **container** is one running copy of an image, with its own writable layer
- A **registry** stores images so other machines can pull them

## From Dockerfile to running container

Each step below is a command you will type in the lab.

\`\`\`mermaid
flowchart LR
  D[Dockerfile] -->|docker build| I[Image]
  I -->|docker push| R[(Registry)]
  R -->|docker pull| H[Another machine]
  I -->|docker run| C[Container]
\`\`\`

## A small Dockerfile

\`\`\`dockerfile
# Start from a small official image with Node installed
FROM node:20-alpine
WORKDIR /app

# Install dependencies first: this layer is reused until package.json changes
COPY package.json package-lock.json ./
RUN npm ci --omit=dev

# Then the code, which changes more often
COPY . .
EXPOSE 3000
CMD ["node", "server.js"]
\`\`\`

The order of the instructions matters: Docker reuses every layer above the
first one whose inputs changed, so the slow dependency install runs again only
when the dependency list does.

## Key points

- An image is built once and run anywhere the same way
- Put what changes least near the top of the Dockerfile
- A container is disposable: keep data you care about outside it
`;

const lab = `---
title: "Lab 1.1: Build an image"
duration: 30
---

# Lab 1.1: Build an image

**Navigation:** [← Lesson](../lessons/01-images-and-containers.md) | [Module overview](../README.md)

## Goal

Build an image for a tiny web server, run it, and see which layers Docker
reuses when you change the code.

## Steps

1. Create a folder with a \`server.js\` that answers every request with "hello".
2. Write the Dockerfile from the lesson next to it.
3. Build it: \`docker build -t hello:1 .\`
4. Run it: \`docker run --rm -p 3000:3000 hello:1\`, then open http://localhost:3000
5. Change the greeting, build again as \`hello:2\`, and watch which steps say \`CACHED\`.

## Check your work

- \`docker images hello\` lists two tags
- The second build reused the dependency layer

## Going further

Move \`COPY . .\` above the \`npm ci\` line, rebuild after a one-character
change, and time both builds. Which order would you keep, and why?
`;

const config = (title: string) => `// Course-wide settings for lessondeck. Flags on the command line override them,
// and a lesson's front matter overrides them for that lesson.
import { defineConfig } from 'lessondeck';

export default defineConfig({
  title: ${JSON.stringify(title)},
  // The course is this folder: README.md, then module-NN/ folders.
  root: '.',
  outDir: 'dist',
  theme: 'light',
  fit: {
    // Report diagram labels smaller than this many pixels on a 1280×720 slide.
    minDiagramLabel: 14,
    // Code taller than a slide is shown one window at a time.
    longCode: 'walkthrough',
  },
  pdf: { formats: ['slides', 'handout'], paper: 'a4', perPage: 3 },
  present: { port: 4300 },
});
`;

const gitignore = `node_modules/
dist/
pdf/
.lessondeck-cache/
# the pen's drawings of the last present session (export --with-drawings)
.lessondeck/
`;

const pagesWorkflow = `# Builds the course with lessondeck and publishes it with GitHub Pages.
# Turn it on once: Settings -> Pages -> Source: GitHub Actions.
name: Publish the course

on:
  push:
    branches: [main]
  workflow_dispatch:

permissions:
  contents: read
  pages: write
  id-token: write

concurrency:
  group: pages
  cancel-in-progress: true

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - run: npm install
      # Diagrams are drawn in a browser while building: the runner's Google Chrome is used.
      - run: npm run build
      - uses: actions/upload-pages-artifact@v3
        with:
          path: dist

  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: \${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
`;
