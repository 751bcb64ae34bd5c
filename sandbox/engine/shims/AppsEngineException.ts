// The runtime's import map points `@rocket.chat/apps-engine/` at a `src/` folder the npm
// tarball lacks; this one value import is served from the compiled definition instead.
import { require } from '../lib/require.ts';

export const { AppsEngineException } = require('@rocket.chat/apps-engine/definition/exceptions/AppsEngineException.js');
