/** Highway chainage as Vietnamese road documents write it: 27.35 km → "Km27+350". */
export function formatKm(km: number): string {
	if (!Number.isFinite(km) || km < 0) throw new RangeError(`invalid chainage: ${km}`);
	const metres = Math.round(km * 1000);
	const whole = Math.floor(metres / 1000);
	const rest = metres - whole * 1000;
	return `Km${whole}+${String(rest).padStart(3, '0')}`;
}
