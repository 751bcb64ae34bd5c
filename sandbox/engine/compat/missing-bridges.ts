/**
 * Bridge base classes that older engines do not have (1.53.1 has neither the experimental nor the
 * outbound-message bridge; 1.55 has only the latter). The sandbox's bridge set names them; those
 * engines never ask for them, so an empty base stands in when `npm run test:engines` runs the host
 * over such an engine (jest.engines.config.js maps only the modules an engine lacks).
 */
export abstract class ExperimentalBridge {}
export abstract class OutboundMessageBridge {}
