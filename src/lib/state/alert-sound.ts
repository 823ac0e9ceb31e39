/**
 * A short two-tone beep through WebAudio for high-severity alerts (off by default). Browsers only
 * let a page make sound after a user gesture, so `unlock()` is called from the click that turns
 * the sound on; later beeps reuse that context.
 */
let context: AudioContext | null = null;

export function unlockSound(): boolean {
	try {
		context ??= new AudioContext();
		void context.resume();
		return true;
	} catch {
		return false;
	}
}

export function beep(): void {
	const ctx = context;
	if (!ctx || ctx.state !== 'running') return;
	const t0 = ctx.currentTime;
	for (const [i, freq] of [880, 660].entries()) {
		const osc = ctx.createOscillator();
		const gain = ctx.createGain();
		osc.type = 'sine';
		osc.frequency.value = freq;
		const start = t0 + i * 0.22;
		gain.gain.setValueAtTime(0.0001, start);
		gain.gain.exponentialRampToValueAtTime(0.25, start + 0.02);
		gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.2);
		osc.connect(gain).connect(ctx.destination);
		osc.start(start);
		osc.stop(start + 0.21);
	}
}
