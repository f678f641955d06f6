/**
 * Child process for bench/present.ts: runs the present server alone, so its
 * memory can be measured without the benchmark's own clients in the numbers.
 * Talks to the parent over IPC: sends {port, token}; answers "mem".
 */
import { startPresentServer } from '../src/present/server.ts';

const siteDir = process.argv[2];
if (!siteDir) throw new Error('usage: presentServer.ts SITE_DIR');
const server = await startPresentServer({ siteDir, log: () => {} });
process.send?.({ port: server.port, token: server.token });
process.on('message', (message) => {
  if (message !== 'mem') return;
  (globalThis as { gc?: () => void }).gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  process.send?.({ rss, heapUsed, clients: server.hub.clientCount() });
});
process.on('disconnect', () => void server.close().then(() => process.exit(0)));
