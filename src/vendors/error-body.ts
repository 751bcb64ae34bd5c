import { isRecord } from './safe-json';

/**
 * The vendor's own error words: BotPenguin `{message}` / `{error:{message}}`, Rocket.Chat
 * `{error:"…"}` / `{status:'error', message}`, Callbell `{error}` / `{message}` / `{errors:[…]}`.
 */
export function vendorMessage(body: unknown): string | undefined {
	if (!isRecord(body)) return undefined;
	const { error, message, errors } = body;
	if (typeof error === 'string' && error.trim()) return error.trim();
	if (isRecord(error)) {
		if (typeof error.message === 'string' && error.message.trim()) return error.message.trim();
	}
	if (typeof message === 'string' && message.trim()) return message.trim();
	if (Array.isArray(errors)) {
		const parts = errors
			.map((e) => (typeof e === 'string' ? e : isRecord(e) && typeof e.message === 'string' ? e.message : undefined))
			.filter((e): e is string => typeof e === 'string' && e.trim().length > 0);
		if (parts.length) return parts.join('; ');
	}
	if (isRecord(errors)) {
		// Rails-style `{errors: {field: ["is invalid"]}}`
		const parts = Object.entries(errors).map(([k, v]) => `${k} ${Array.isArray(v) ? v.join(', ') : String(v)}`);
		if (parts.length) return parts.join('; ');
	}
	if (isRecord(error) && typeof error.code === 'string' && error.code.trim()) return error.code.trim();
	return undefined;
}
