// The repo's own Vite config: lessondeck is a Vite plugin, so plain `vite`
// (dev server) and `vite build` work on the sample course too.
import { defineConfig } from 'vite';
import { lessondeck } from './src/vite/plugin.ts';

export default defineConfig({
  plugins: [lessondeck({ root: 'slides' })],
  build: { outDir: 'dist' },
});
