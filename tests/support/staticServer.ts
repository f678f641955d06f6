/** The static server now lives in the product (export serves the built site with it). */
export * from '../../src/serve/staticServer.ts';
