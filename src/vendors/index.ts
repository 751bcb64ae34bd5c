export * from './errors';
export * from './http';
export * from './botpenguin';
export * from './callbell';
export * from './rocketchat';
