export * from './errors';
export * from './http';
export * from './masking';
export * from './url-policy';
export * from './botpenguin';
export * from './callbell';
export * from './rocketchat';
