/**
 * Bridge base classes that engines before 1.58 do not have (the experimental and outbound-message
 * bridges). The sandbox's bridge set names them; those engines never ask for them, so an empty base
 * stands in when `npm run test:engines` runs the host over such an engine (jest.engines.config.js).
 */
export abstract class ExperimentalBridge {}
export abstract class OutboundMessageBridge {}
