/**
 * The hostile answers of `floodNext` (faults.ts): a body of an exact, huge size, or one that never
 * ends. Both look like the start of a JSON list of custom statuses, so a client that does not bound
 * what it reads really tries to take it in. Writes respect back-pressure (a slow reader is not
 * buried in memory on this side) and stop as soon as the client goes away or the server closes.
 */
import type { ServerResponse } from 'node:http';
import type { Flood } from './types';

const HEAD = Buffer.from('{"customStatuses":[');
const TAIL = Buffer.from('{"id":"last","name":"last","emoji":"🙂"}],"meta":{"total":1,"page":1}}');
/** One item of the list, about 1 KB: a long name, as a broken vendor once sent. */
const ITEM = `{"id":"x","name":"${'n'.repeat(1000)}","emoji":"🙂"},`;
const CHUNK = Buffer.from(ITEM.repeat(64)); // ≈ 64 KB
const SLOW_CHUNK = CHUNK.subarray(0, 16 * 1024);

/** Sends `flood` on `res`; resolves once it is sent, or once the client or the server went away. */
export async function sendFlood(res: ServerResponse, flood: Flood, closed: () => boolean): Promise<void> {
	const gone = () => res.destroyed || res.writableEnded || closed();
	const write = (bytes: Buffer): Promise<void> =>
		new Promise((resolve) => {
			if (res.write(bytes)) return resolve();
			const done = () => {
				res.off('drain', done);
				res.off('close', done);
				resolve();
			};
			res.on('drain', done);
			res.on('close', done);
		});
	const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
	if (flood.size !== 'endless') headers['content-length'] = String(flood.size);
	res.writeHead(flood.status, headers);

	if (flood.size === 'endless') {
		await write(HEAD);
		while (!gone()) {
			await write(SLOW_CHUNK);
			await new Promise((r) => setTimeout(r, flood.intervalMs));
		}
		return;
	}

	const total = flood.size;
	if (total <= HEAD.length + TAIL.length) {
		await write(Buffer.concat([HEAD, TAIL]).subarray(0, total));
	} else {
		await write(HEAD);
		let sent = HEAD.length;
		const fill = total - TAIL.length;
		while (sent + CHUNK.length <= fill && !gone()) {
			await write(CHUNK);
			sent += CHUNK.length;
		}
		if (!gone() && sent < fill) await write(Buffer.alloc(fill - sent, 0x20));
		if (!gone()) await write(TAIL);
	}
	if (!gone()) res.end();
}
