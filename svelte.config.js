import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build' }),
		// Pages only (API answers get `default-src 'none'` in hooks.server.ts). Kit adds a nonce
		// for its own inline start-up script to script-src on every rendered page.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				// MapLibre starts its worker from the same-origin module file set in
				// src/lib/map/runtime.ts; it needs blob: only for a cross-origin worker URL.
				'worker-src': ['self'],
				// MapLibre positions markers and Svelte applies style: directives inline.
				'style-src': ['self', 'unsafe-inline'],
				// MapLibre's control icons are data: URIs; image decoding may go through blob:.
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self', 'data:'],
				'connect-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
