import { describe, expect, it } from 'vitest';
import { apiText } from '../../src/lib/domain/api-text';
import { foldedWords, passwordProblem } from '../../src/lib/server/auth/password-policy';
import { WEAK_ADMIN_PASSWORDS } from '../fixtures/constants';

describe('the password policy (zxcvbn-ts, score 3 or more)', () => {
	it('refuses each weak password that was accepted before, saying why', () => {
		for (const password of WEAK_ADMIN_PASSWORDS) {
			const problem = passwordProblem(password, { username: 'admin' });
			expect(problem, password).toBeDefined();
			expect(apiText('en', problem!)).toMatch(/^[a-z].*[a-z)]$/);
		}
		expect(passwordProblem('Password123', { username: 'admin' })).toBe('password.common');
		expect(passwordProblem('demodemo12', { username: 'admin' })).toBe('password.repetitive');
		expect(passwordProblem('Trangdue2026', { username: 'admin' })).toBe('password.product');
	});

	it('refuses short, overlong, username-based, Vietnamese common and keyboard passwords', () => {
		expect(passwordProblem('short', { username: 'nam' })).toBe('password.short');
		expect(passwordProblem('x'.repeat(201), { username: 'nam' })).toBe('password.long');
		expect(passwordProblem('nguyenvannam-2026', { username: 'nguyenvannam' })).toBe(
			'password.username'
		);
		expect(passwordProblem('matkhau123', { username: 'x' })).toBe('password.common');
		expect(passwordProblem('Anhyeuem2026!', { username: 'x' })).toBe('password.common');
		expect(passwordProblem('aaaaaaaaaaaa', { username: 'x' })).toBe('password.repetitive');
		expect(passwordProblem('qwertyuiop12', { username: 'x' })).toBeDefined();
	});

	it("weighs the deployment's own names: a zone named Cát Hải makes cathai2026! weak", () => {
		expect(passwordProblem('Cathai2026!', { username: 'x' })).toBeUndefined();
		expect(passwordProblem('Cathai2026!', { username: 'x', words: ['Cát Hải'] })).toBe(
			'password.product'
		);
		expect(foldedWords(['Khu công nghiệp Tràng Duệ'])).toEqual(
			expect.arrayContaining(['khucongnghieptrangdue', 'trang', 'nghiep'])
		);
	});

	it('accepts strong passwords and passphrases, Vietnamese ones included', () => {
		for (const password of [
			'Tuần tra đêm 22h',
			'correct horse battery staple',
			'Hai-Phong-ql10-km27',
			'x7#Kp!q9Lm2z'
		]) {
			expect(passwordProblem(password, { username: 'admin' }), password).toBeUndefined();
		}
	});
});
