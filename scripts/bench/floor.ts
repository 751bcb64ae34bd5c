/**
 * The floor: a minimal app the benchmark writes and packages itself, whose `/st` has exactly the
 * effects of ours — one user update, one Callbell PUT, one ephemeral reply, one persistence record
 * read and written — and nothing else (no settings, no outbox, no ledger). Timing our `/st` against
 * it in the same run gives a ratio that does not depend on the machine's speed.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AdmZip from 'adm-zip';
import { build } from 'esbuild';
import { ROOT } from '../../sandbox/host/host';

/**
 * `promise`: the floor that also keeps the two parts of the promise a bare `/st` skips — one change at a
 * time per agent across instances (a claim record written before, listed with the agent's record in the
 * one read, removed after) and an audit entry for the vendor write: 9 engine calls. Timing ours against
 * it says how much of the distance to the bare floor is the promise and how much is the app.
 */
export interface FloorTarget {
	/** Callbell base URL (the simulator's, ending in /v1). */
	callbellUrl: string;
	callbellToken: string;
	/** The Callbell user the floor's `/st` sets (alice's). */
	callbellUuid: string;
	promise?: boolean;
}

function floorSource(t: FloorTarget): string {
	const claim = t.promise
		? `const claim = new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, 'claim:' + user.id + ':' + Math.random().toString(36).slice(2));
		await persis.createWithAssociations({ claim: true, at: Date.now() }, [key, claim]);
		`
		: '';
	const audit = t.promise ? `await persis.createWithAssociation({ at: Date.now(), userId: user.id, action: 'callbell.status', outcome: res.statusCode }, new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, 'audit'));
		` : '';
	const release = t.promise ? `await persis.removeByAssociations([key, claim]);
		` : '';
	return `import { App } from '@rocket.chat/apps-engine/definition/App';
import type { IConfigurationExtend, IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { RocketChatAssociationModel, RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';
import type { ISlashCommand, SlashCommandContext } from '@rocket.chat/apps-engine/definition/slashcommands';
import { UserStatusConnection } from '@rocket.chat/apps-engine/definition/users';

class St implements ISlashCommand {
	public command = 'st';
	public i18nParamsExample = '';
	public i18nDescription = '';
	public providesPreview = false;
	public async executor(context: SlashCommandContext, read: IRead, modify: IModify, http: IHttp, persis: IPersistence): Promise<void> {
		const user = context.getSender();
		const presence = context.getArguments()[0] === 'online' ? 'online' : 'busy';
		const key = new RocketChatAssociationRecord(RocketChatAssociationModel.USER, user.id);
		${claim}const [before] = ((await read.getPersistenceReader().readByAssociation(key)) as Array<{ presence?: string; claim?: boolean }>).filter((r) => !r.claim);
		await modify.getUpdater().getUserUpdater().updateStatus(user, '', presence as UserStatusConnection);
		const res = await http.put(${JSON.stringify(`${t.callbellUrl}/users/${t.callbellUuid}/status`)}, {
			headers: { Authorization: ${JSON.stringify(`Bearer ${t.callbellToken}`)}, 'Content-Type': 'application/json' },
			data: { available: presence === 'online' },
			timeout: 10000,
		});
		await persis.updateByAssociations([key, new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, 'state')], { presence, previous: before?.presence ?? null }, true);
		${audit}${release}const reply = modify.getCreator().startMessage().setRoom(context.getRoom()).setText('Rocket.Chat: ' + presence + '; Callbell: ' + res.statusCode).getMessage();
		await modify.getNotifier().notifyUser(user, reply);
	}
}

export class ${t.promise ? 'PromiseFloorApp' : 'FloorApp'} extends App {
	protected async extendConfiguration(configuration: IConfigurationExtend): Promise<void> {
		await configuration.slashCommands.provideSlashCommand(new St());
	}
}
`;
}

/** Builds the floor app's package. */
export function buildFloorApp(target: FloorTarget): Promise<Buffer> {
	const permissions = ['slashcommand', 'networking', 'persistence', 'user.read', 'user.write', 'message.write'];
	return packageTinyApp(target.promise ? 'PromiseFloorApp' : 'FloorApp', floorSource(target), permissions);
}

/** An app that does nothing, packaged the same way: the install-time baseline. */
export function buildEmptyApp(): Promise<Buffer> {
	return packageTinyApp('EmptyApp', "import { App } from '@rocket.chat/apps-engine/definition/App';\nexport class EmptyApp extends App {}\n", []);
}

/** Bundles one class file as our build does (CommonJS, ES2017, the engine external) and zips it with a manifest derived from ours. */
async function packageTinyApp(className: string, source: string, permissions: string[]): Promise<Buffer> {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${className.toLowerCase()}-`));
	try {
		fs.writeFileSync(path.join(dir, `${className}.ts`), source);
		await build({
			entryPoints: [path.join(dir, `${className}.ts`)],
			outfile: path.join(dir, `${className}.js`),
			bundle: true,
			format: 'cjs',
			platform: 'node',
			target: 'es2017',
			external: ['@rocket.chat/apps-engine', '@rocket.chat/apps-engine/*'],
			nodePaths: [path.join(ROOT, 'node_modules')],
			logLevel: 'warning',
		});
		const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'app.json'), 'utf8')) as Record<string, unknown>;
		const name = className.replace(/App$/, '');
		const zip = new AdmZip();
		zip.addFile(
			'app.json',
			Buffer.from(JSON.stringify({ ...manifest, id: randomUUID(), name, nameSlug: name.toLowerCase(), classFile: `${className}.ts`, permissions: permissions.map((p) => ({ name: p })), implements: [] })),
		);
		zip.addFile(`${className}.js`, fs.readFileSync(path.join(dir, `${className}.js`)));
		zip.addFile('icon.png', fs.readFileSync(path.join(ROOT, 'icon.png')));
		return zip.toBuffer();
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}
