/**
 * Jest transform for the few npm packages that ship only ES modules without file extensions
 * (`@rocket.chat/rest-typings`, `@rocket.chat/message-parser`): esbuild turns each file into CommonJS; jest's resolver already
 * finds their extensionless imports. (tsx, under `npm start`, loads them as they are.)
 */
const { transformSync } = require('esbuild');

module.exports = {
	process(source, filename) {
		const { code, map } = transformSync(source, { loader: 'js', format: 'cjs', target: 'node20', sourcefile: filename, sourcemap: 'inline' });
		return { code, map };
	},
};
