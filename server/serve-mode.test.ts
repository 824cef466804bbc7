import { describe, expect, test } from 'vitest'
import { isLoopbackHost, resolveServeMode } from './serve-mode.mjs'

describe('isLoopbackHost', () => {
	test.each(['localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]', '::ffff:127.0.0.1', ' LOCALHOST '])('%s is this machine only', (host) => {
		expect(isLoopbackHost(host)).toBe(true)
	})
	test.each(['0.0.0.0', '::', '192.168.1.20', '10.0.0.5', 'chainlead.example.gov.cn', '128.0.0.1', '127.example.com'])('%s reaches other machines', (host) => {
		expect(isLoopbackHost(host)).toBe(false)
	})
})

describe('resolveServeMode', () => {
	test('no settings: a demo on 127.0.0.1:3000', () => {
		expect(resolveServeMode({})).toEqual({ ok: true, mode: 'demo', host: '127.0.0.1', port: 3000, trustProxy: false, servesOtherMachines: false })
	})

	test('a non-loopback HOST is a real install', () => {
		expect(resolveServeMode({ HOST: '0.0.0.0', PORT: '8080' })).toMatchObject({
			ok: true,
			mode: 'install',
			host: '0.0.0.0',
			port: 8080,
			servesOtherMachines: true,
		})
	})

	test('CHAINLEAD_MODE=install on loopback (behind a proxy) is a real install', () => {
		expect(resolveServeMode({ CHAINLEAD_MODE: 'install', TRUST_PROXY: '1' })).toMatchObject({
			ok: true,
			mode: 'install',
			host: '127.0.0.1',
			trustProxy: true,
			servesOtherMachines: false,
		})
	})

	test('demo mode asked for explicitly on a LAN address is refused with what to set', () => {
		const result = resolveServeMode({ CHAINLEAD_MODE: 'demo', HOST: '192.168.1.20' })
		expect(result.ok).toBe(false)
		expect(!result.ok && result.problems.join('\n')).toMatch(/CHAINLEAD_MODE=install/)
	})

	test('bad values are named', () => {
		const result = resolveServeMode({ CHAINLEAD_MODE: 'prod', PORT: '80a', TRUST_PROXY: 'yes' })
		expect(result.ok).toBe(false)
		const problems = result.ok ? [] : result.problems
		expect(problems).toHaveLength(3)
		expect(problems[0]).toContain('"prod"')
		expect(problems[1]).toContain('"80a"')
		expect(problems[2]).toContain('"yes"')
		expect(resolveServeMode({ PORT: '70000' }).ok).toBe(false)
	})
})
