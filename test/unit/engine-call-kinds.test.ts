import { isEngineCall, kindOf } from '../../sandbox/host/engine-calls';

/** How the sandbox's engine-call counter (sandbox/host/engine-calls.ts) names what it counts. */
describe('engine-call kinds', () => {
	it('sorts runtime methods into kinds, and anything unknown into "other"', () => {
		expect(kindOf('accessor:getReader:getEnvironmentReader:getSettings:getValueById')).toBe('settings.read');
		expect(kindOf('accessor:getReader:getEnvironmentReader:getServerSettings:getValueById')).toBe('serverSettings.read');
		expect(kindOf('accessor:getReader:getPersistenceReader:readByAssociation')).toBe('persistence.read');
		expect(kindOf('accessor:getPersistence:updateByAssociations')).toBe('persistence.write');
		expect(kindOf('bridges:getHttpBridge:doCall')).toBe('http');
		expect(kindOf('accessor:getModifier:getUpdater:getUserUpdater:updateStatus')).toBe('user.update');
		expect(kindOf('accessor:getModifier:getScheduler:scheduleOnce')).toBe('scheduler');
		expect(kindOf('bridges:getRoomBridge:doGetById')).toBe('room.read');
		expect(kindOf('accessor:getModifier:getSomethingNew:doIt')).toBe('other');
	});

	it('counts requests to the server, not the notifications of the runtime', () => {
		expect(isEngineCall('accessor:getPersistence:create')).toBe(true);
		expect(isEngineCall('bridges:getMessageBridge:doNotifyUser')).toBe(true);
		expect(isEngineCall('log')).toBe(false);
		expect(isEngineCall('ready')).toBe(false);
	});
});
