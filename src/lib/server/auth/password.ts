import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// scrypt is memory-hard: N=2^15, r=8 takes 32 MiB and ~0.1 s a hash on our 2-core machines.
const N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_LEN = 32;

function scrypt(password: string, salt: Buffer, opts: ScryptOptions): Promise<Buffer> {
	return new Promise((resolve, reject) =>
		scryptCb(
			password.normalize('NFC'),
			salt,
			KEY_LEN,
			{ ...opts, maxmem: 128 * N * R * 2 },
			(err, key) => (err ? reject(err) : resolve(key))
		)
	);
}

/** `scrypt$N$r$p$salt$hash`, base64url parts. */
export async function hashPassword(password: string): Promise<string> {
	const salt = randomBytes(16);
	const key = await scrypt(password, salt, { N, r: R, p: P });
	return ['scrypt', N, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
	const parts = stored.split('$');
	if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
	const [, n, r, p, salt, hash] = parts as [string, string, string, string, string, string];
	const expected = Buffer.from(hash, 'base64url');
	const key = await scrypt(password, Buffer.from(salt, 'base64url'), {
		N: Number(n),
		r: Number(r),
		p: Number(p)
	});
	return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash of a random password: verifying against it costs the same as against a real one. */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
	dummy ??= hashPassword(randomBytes(16).toString('hex'));
	return dummy;
}

const COMMON = new Set([
	'password',
	'password1',
	'matkhau',
	'matkhau123',
	'123456789',
	'1234567890',
	'12345678',
	'qwertyuiop',
	'admin12345',
	'changeme',
	'abc123456',
	'iloveyou'
]);

/** Minimum policy: 10+ characters, not the username, not a well-known password. */
export type PasswordProblem =
	| 'password.short'
	| 'password.long'
	| 'password.username'
	| 'password.common'
	| 'password.repetitive';

/** What is wrong with a password under the policy (a message key, see api-text.ts), if anything. */
export function passwordProblem(password: string, username: string): PasswordProblem | undefined {
	if (password.length < 10) return 'password.short';
	if (password.length > 200) return 'password.long';
	if (password.toLowerCase().includes(username.toLowerCase())) return 'password.username';
	if (COMMON.has(password.toLowerCase())) return 'password.common';
	if (new Set(password).size < 4) return 'password.repetitive';
	return undefined;
}
