// ESLint flat config (#16): type-aware TypeScript rules, React and hooks, accessibility, import order and cycles.
// Formatting is Prettier's job (eslint-config-prettier turns the overlapping rules off).
import js from '@eslint/js'
import prettier from 'eslint-config-prettier'
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript'
import importX from 'eslint-plugin-import-x'
import jsxA11y from 'eslint-plugin-jsx-a11y'
import react from 'eslint-plugin-react'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const MODELS_TAKE_PARSED_DATA = 'Models take parsed data, routes parse: parse the FormData in the route with its zod schema and pass the result to the model.'

export default tseslint.config(
	{ ignores: ['build/**', 'app/generated/**', 'node_modules/**', 'test-results/**', 'public/**', 'data/**', 'coverage/**'] },
	js.configs.recommended,
	tseslint.configs.recommendedTypeChecked,
	{
		languageOptions: {
			parserOptions: {
				projectService: { allowDefaultProject: ['*.js', '*.mjs', 'scripts/*.mjs', 'scripts/*.cjs', 'server/*.mjs'] },
				tsconfigRootDir: import.meta.dirname,
			},
			globals: { ...globals.node, ...globals.browser },
		},
	},
	{
		rules: {
			// Remix loaders and actions throw Responses (404s, redirects) by design.
			'@typescript-eslint/only-throw-error': [
				'error',
				{
					allow: [
						{ from: 'lib', name: 'Response' },
						{ from: 'package', package: '@remix-run/server-runtime', name: 'TypedResponse' },
					],
				},
			],
			// A leading underscore marks a binding kept on purpose: a field left out of a rest object, an unused callback argument.
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
			],
			// Async methods that implement a promise-returning interface (driver adapters, stream sources) need no await.
			'@typescript-eslint/require-await': 'off',
		},
	},
	{
		// Components, models and domain code never reach up into routes (#16 §3): what both need lives below them.
		files: ['app/**'],
		ignores: ['app/routes/**'],
		rules: {
			'no-restricted-imports': [
				'error',
				{ patterns: [{ group: ['~/routes/*'], message: 'Routes import components and models, never the other way round: move the shared type below both.' }] },
			],
		},
	},
	{
		// Models take parsed data, routes parse (#16 §4, docs/architecture.md): no model sees the DOM FormData, as a value or a type.
		// Types of parsed data named like `CompanyFormData` are other names and stay allowed.
		files: ['app/models/**'],
		rules: {
			'no-restricted-globals': ['error', { name: 'FormData', message: MODELS_TAKE_PARSED_DATA }],
			'no-restricted-syntax': [
				'error',
				{ selector: 'TSTypeReference[typeName.name="FormData"]', message: MODELS_TAKE_PARSED_DATA },
				{ selector: 'TSTypeQuery[exprName.name="FormData"]', message: MODELS_TAKE_PARSED_DATA },
			],
		},
	},
	{
		files: ['**/*.tsx'],
		...react.configs.flat.recommended,
		...react.configs.flat['jsx-runtime'],
		settings: { react: { version: '18.3' } },
	},
	{
		files: ['**/*.tsx'],
		plugins: { react, 'react-hooks': reactHooks, 'jsx-a11y': jsxA11y },
		rules: {
			...react.configs.flat.recommended.rules,
			...react.configs.flat['jsx-runtime'].rules,
			...jsxA11y.flatConfigs.recommended.rules,
			'react-hooks/rules-of-hooks': 'error',
			'react-hooks/exhaustive-deps': 'error',
			'react/prop-types': 'off',
			// A scrolling region (the lead board) must take focus so keyboard users can scroll it (axe: scrollable-region-focusable).
			'jsx-a11y/no-noninteractive-tabindex': ['error', { tags: [], roles: ['tabpanel', 'region'], allowExpressionValues: true }],
		},
	},
	{
		// Vitest's asymmetric matchers (expect.any, expect.objectContaining…) are typed `any` by design, and tests read
		// JSON (CLI output, audit rows) to assert on it: the assertion is the type check there. Application code keeps the rules.
		files: ['tests/**', '**/*.test.ts', '**/*.test.tsx', 'bench/**'],
		rules: {
			'@typescript-eslint/no-unsafe-assignment': 'off',
			'@typescript-eslint/no-unsafe-member-access': 'off',
			'@typescript-eslint/no-unsafe-argument': 'off',
			'@typescript-eslint/no-unsafe-return': 'off',
			'@typescript-eslint/no-unsafe-call': 'off',
		},
	},
	{
		plugins: { 'import-x': importX },
		settings: { 'import-x/resolver-next': [createTypeScriptImportResolver(), importX.createNodeResolver()] },
		rules: {
			'import-x/no-duplicates': 'error',
			'import-x/no-cycle': 'error',
			'import-x/first': 'error',
			'import-x/order': [
				'error',
				{
					groups: ['builtin', 'external', 'internal', 'parent', 'sibling', 'index'],
					pathGroups: [{ pattern: '~/**', group: 'internal' }],
					alphabetize: { order: 'asc', caseInsensitive: true },
				},
			],
		},
	},
	{ files: ['**/*.js', '**/*.mjs', '**/*.cjs'], ...tseslint.configs.disableTypeChecked },
	prettier,
)
