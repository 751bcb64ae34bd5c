import AdmZip from 'adm-zip';
import fs from 'node:fs';
import { defaultZipPath, SandboxHost } from '../../sandbox/host/host';

/** The zip `npm run build` writes, checked as a server would see it. */
describe('the app package', () => {
	const zip = new AdmZip(defaultZipPath());
	const names = zip.getEntries().map((e) => e.entryName).sort();

	it('holds only app.json, the bundle, the icon and i18n', () => {
		expect(names.filter((n) => !n.startsWith('i18n/'))).toEqual(['InboxBridgeApp.js', 'app.json', 'icon.png']);
		expect(names.filter((n) => n.startsWith('i18n/'))).toEqual(['i18n/en.json', 'i18n/es.json', 'i18n/pt-BR.json']);
	});

	it('declares what the code implements, computed from the class', () => {
		const manifest = JSON.parse(zip.readAsText('app.json')) as { implements: string[]; requiredApiVersion: string; id: string };
		expect(manifest.requiredApiVersion).toBe('^1.47.0');
		expect(manifest.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
		// exactly the events the App class handles: an empty or stale list would silence them
		expect(manifest.implements).toEqual(['IPostLivechatRoomClosed', 'IPostUserStatusChanged', 'IUIKitInteractionHandler']);
		const bundle = zip.readAsText('InboxBridgeApp.js');
		for (const name of manifest.implements) {
			expect(bundle).toContain(`execute${name.replace(/^I/, '')}`.replace('executeUIKitInteractionHandler', 'executeBlockActionHandler'));
		}
	});

	it('bundles zod inside and leaves the Apps-Engine (and node:crypto, which the runtime allows) to the server', () => {
		const bundle = zip.readAsText('InboxBridgeApp.js');
		const required = [...bundle.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
		expect(required.length).toBeGreaterThan(0);
		expect(required.filter((r) => !r.startsWith('@rocket.chat/apps-engine/'))).toEqual(['crypto']);
		expect(bundle).toContain('ZodError');
	});
});

describe('installing in the Apps-Engine', () => {
	it('enforces app.json permissions like a server: without "slashcommand" the commands are refused', async () => {
		const zip = new AdmZip(fs.readFileSync(defaultZipPath()));
		const manifest = JSON.parse(zip.readAsText('app.json')) as { permissions: Array<{ name: string }> };
		zip.updateFile('app.json', Buffer.from(JSON.stringify({ ...manifest, permissions: manifest.permissions.filter((p) => p.name !== 'slashcommand') })));
		const host = await SandboxHost.start({ zip: zip.toBuffer(), timers: 'manual' });
		try {
			expect(host.commands()).toEqual([]);
			expect(host.errors.join('\n')).toMatch(/lacks the following permission|slashcommand/);
			host.errors.splice(0);
		} finally {
			await host.stop();
		}
	});

	it('reaches enabled and registers its commands', async () => {
		const host = await SandboxHost.start({ timers: 'manual' });
		try {
			expect(String(await host.status())).toMatch(/enabled/);
			expect(host.commands()).toContain('inbox-bridge');
			const reply = await host.as('alice').run('/inbox-bridge help');
			expect(reply.texts).toHaveLength(1);
			expect(reply.text).toContain('/st busy');
			host.assertNoErrors();
		} finally {
			await host.stop();
		}
	});

	function repack(mutate: (zip: AdmZip) => void): Buffer {
		const zip = new AdmZip(fs.readFileSync(defaultZipPath()));
		mutate(zip);
		return zip.toBuffer();
	}

	it('rejects a package whose app.json is broken, with the engine error', async () => {
		const broken = repack((z) => z.updateFile('app.json', Buffer.from('{ "id": ')));
		await expect(SandboxHost.start({ zip: broken, timers: 'manual' })).rejects.toThrow(/app\.json.*not valid json/i);
	});

	it('rejects a package without its class file', async () => {
		const missing = repack((z) => z.deleteFile('InboxBridgeApp.js'));
		await expect(SandboxHost.start({ zip: missing, timers: 'manual' })).rejects.toThrow(/Could not find the classFile/);
	});

	it('rejects a package for an engine it does not support', async () => {
		const future = repack((z) => {
			const manifest = JSON.parse(z.readAsText('app.json')) as Record<string, unknown>;
			z.updateFile('app.json', Buffer.from(JSON.stringify({ ...manifest, requiredApiVersion: '^9.0.0' })));
		});
		await expect(SandboxHost.start({ zip: future, timers: 'manual' })).rejects.toThrow(/requires|version/i);
	});
});
