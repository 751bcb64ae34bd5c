import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** Sandbox tests run the packaged app: build the zip once per jest run (npm test builds too; this keeps `npx jest` honest). */
export default function globalSetup(): void {
	if (process.env.SANDBOX_SKIP_BUILD) return;
	execFileSync(process.execPath, [path.join(__dirname, '..', '..', 'scripts', 'build.mjs'), '--no-check'], { stdio: 'inherit' });
}
