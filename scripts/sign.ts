/**
 * `npm run sign -- '<json body>' [--secret S] [--url URL]`: the signature header a bot sends to the
 * status endpoint instead of `Authorization: Bearer <api_secret>`, and a curl line that sends it.
 * The header is made by the app's own code (src/endpoints/signature.ts), so it is exactly what the
 * endpoint checks. Without --secret it signs with the sandbox's demo `api_secret`; a header is good
 * for one request (fresh nonce) within 5 minutes.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { DEMO_SECRETS } from '../sandbox/demo';
import { canonicalJson, sign, SIGNATURE_HEADER, SIGNATURE_TOLERANCE_S } from '../src/endpoints/signature';

const USAGE = `usage: npm run sign -- '<json body>' [--secret <api_secret>] [--url <status endpoint URL>]
  e.g. npm run sign -- '{"user":"bob","status":"away","text":"At lunch"}' --url http://127.0.0.1:PORT/api/apps/private/…/status`;

/** A shell word: the text in single quotes, any single quote closed, escaped and reopened. */
const quote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

export interface Signed {
	header: string;
	curl: string;
}

/** The header and curl line for `body` (JSON text), signed with `secret` at `nowS` with a new nonce. */
export function signRequest(bodyText: string, secret: string, url: string, nowS = Math.floor(Date.now() / 1000)): Signed {
	const body: unknown = JSON.parse(bodyText);
	const nonce = randomBytes(16).toString('hex');
	const header = `t=${nowS},n=${nonce},v1=${sign(secret, nowS, nonce, body)}`;
	const curl = ['curl -sS -X POST', quote(url), `-H 'content-type: application/json'`, `-H ${quote(`${SIGNATURE_HEADER}: ${header}`)}`, `--data ${quote(canonicalJson(body))}`].join(' ');
	return { header: `${SIGNATURE_HEADER}: ${header}`, curl };
}

function main(argv: string[]): number {
	const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { secret: { type: 'string' }, url: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
	if (values.help || positionals.length !== 1) {
		console.error(USAGE);
		return values.help ? 0 : 2;
	}
	let signed: Signed;
	try {
		signed = signRequest(positionals[0], values.secret ?? DEMO_SECRETS.apiSecret, values.url ?? '<the status URL /inbox-bridge health prints>');
	} catch (e) {
		console.error(`the body is not JSON: ${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
		return 2;
	}
	console.log(signed.header);
	console.log(signed.curl);
	console.error(`(good for one request within ${SIGNATURE_TOLERANCE_S / 60} minutes; signed with ${values.secret ? 'the given secret' : 'the sandbox demo api_secret'})`);
	return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
