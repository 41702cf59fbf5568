// Runs the e2e tests against the in-memory mock server (serving web/dist).
// Usage: npm run build && node e2e/run-with-mock.mjs   (or: npm run test:e2e:mock)
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMockServer } from './mock-server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const { server, url } = await startMockServer(0);
console.log(`mock server on ${url}`);
const child = spawn(process.execPath, ['--test', '--test-concurrency=1', here], {
  stdio: 'inherit',
  env: {
    ...process.env,
    SOLIMOB_E2E_URL: url,
    SOLIMOB_E2E_ADMIN: 'admin:admin-pass',
    SOLIMOB_E2E_PARTNER: 'partenaire:partenaire-pass',
  },
});
child.on('exit', (code) => {
  server.close();
  process.exit(code ?? 1);
});
