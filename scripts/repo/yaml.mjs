// A YAML reader without a dependency of our own: js-yaml, as ESLint's config loader brings it.
import { createRequire } from 'node:module';

const fromRoot = createRequire(new URL('../../package.json', import.meta.url));
const fromEslintrc = createRequire(createRequire(fromRoot.resolve('eslint')).resolve('@eslint/eslintrc'));

/** @type {{ load: (text: string) => unknown }} */
export const yaml = fromEslintrc('js-yaml');
