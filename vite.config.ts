// The repo's own Vite config: lessondeck is a Vite plugin, so plain `vite`
// (dev server) and `vite build` work on the sample course too. It imports the
// package as a course repo would (the compiled dist/); the plugin reads
// lessondeck.config.json for the course folder.
import { defineConfig } from 'vite';
import { lessondeck } from 'lessondeck/vite';

export default defineConfig({
  plugins: [lessondeck()],
  build: { outDir: '_site' },
});
