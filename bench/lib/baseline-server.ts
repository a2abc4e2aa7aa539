// The yardstick: bare node:http answering every request with one fixed body, so a ratio
// against it measures what the app adds (routing, queries, rendering) on this machine.
// Run as its own process by servers.ts; env: PORT, HOST, BASELINE_BODY_FILE, BASELINE_CONTENT_TYPE.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const body = readFileSync(process.env.BASELINE_BODY_FILE ?? '');
const headers = {
  'content-type': process.env.BASELINE_CONTENT_TYPE ?? 'application/octet-stream',
  'content-length': String(body.length),
};

createServer((_req, res) => {
  res.writeHead(200, headers);
  res.end(body);
}).listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');

process.once('SIGTERM', () => process.exit(0));
