/** The app's Rocket.Chat status write (issue 20): what the per-agent turn imports. */
export { type ChangeBy, CLAIM_SOURCE, claimId, type EndResult, type RcChange, type WriteResult } from './change';
export { ClaimsProbe } from './probe';
export { type RocketChatWriter, rocketChatWriter, type WriterOptions } from './writer';
