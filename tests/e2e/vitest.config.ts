import { defineConfig } from 'vitest/config';

// Browser and process tests against the built app (`npm run build` runs first).
export default defineConfig({
	test: {
		include: ['tests/e2e/**/*.test.ts'],
		fileParallelism: false,
		testTimeout: 120_000,
		hookTimeout: 240_000
	}
});
