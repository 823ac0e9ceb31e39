import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	server: { port: 5173 },
	test: {
		include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
		globalSetup: ['tests/integration/global-setup.ts'],
		// PGlite+PostGIS is CPU-heavy WASM; two cores run two files at a time at most.
		maxWorkers: 2,
		testTimeout: 60_000,
		hookTimeout: 180_000
	}
});
