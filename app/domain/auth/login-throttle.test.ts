import { describe, expect, it } from 'vitest'
import {
	ADDRESS_POLICY,
	addressKey,
	afterFailure,
	combineVerdicts,
	delayAfter,
	describeThrottle,
	currentState,
	parseThrottleKey,
	type ThrottleState,
	USERNAME_POLICY,
	usernameKey,
	verdict,
} from './login-throttle'

const T0 = new Date('2026-12-01T02:00:00Z')
const at = (ms: number) => new Date(T0.getTime() + ms)
const SECOND = 1000
const MINUTE = 60 * SECOND

/** Fails `count` times, each attempt as soon as the throttle allows it; returns the state and the clock. */
function failRepeatedly(count: number, policy = USERNAME_POLICY) {
	let state: ThrottleState | null = null
	let now = T0
	for (let i = 0; i < count; i++) {
		const v = verdict(state, now, policy)
		if (!v.allowed) now = v.retryAt
		state = afterFailure(state, now, policy)
	}
	return { state: state!, now }
}

describe('keys', () => {
	it('fold the username case and trim it; addresses keep their text', () => {
		expect(usernameKey(' Zhang ')).toEqual({ kind: 'user', key: 'user:zhang' })
		expect(addressKey('10.0.0.5')).toEqual({ kind: 'address', key: 'ip:10.0.0.5' })
		expect(parseThrottleKey('user:zhang')).toEqual({ kind: 'user', subject: 'zhang' })
		expect(parseThrottleKey('ip:::1')).toEqual({ kind: 'address', subject: '::1' })
		expect(parseThrottleKey('other')).toBeNull()
	})
})

describe('delays', () => {
	it('are free for the first failures, then double up to the cap', () => {
		const delays = Array.from({ length: 10 }, (_, i) => delayAfter(i, USERNAME_POLICY))
		expect(delays).toEqual([0, 0, 0, 5 * SECOND, 10 * SECOND, 20 * SECOND, 40 * SECOND, MINUTE, MINUTE, MINUTE])
	})

	it('refuse an attempt before the wait has passed, then allow it', () => {
		const { state, now } = failRepeatedly(4)
		expect(state.failures).toBe(4)
		expect(verdict(state, now, USERNAME_POLICY)).toEqual({ allowed: false, reason: 'wait', retryAt: new Date(now.getTime() + 10 * SECOND) })
		expect(verdict(state, new Date(now.getTime() + 10 * SECOND), USERNAME_POLICY)).toEqual({ allowed: true })
	})

	it('never make the free failures wait, even after the clock was set back', () => {
		const state = afterFailure(null, T0, USERNAME_POLICY)
		expect(verdict(state, new Date(T0.getTime() - MINUTE), USERNAME_POLICY)).toEqual({ allowed: true })
	})

	it('let three quick failures through without waiting', () => {
		let state: ThrottleState | null = null
		for (let i = 0; i < 3; i++) {
			expect(verdict(state, T0, USERNAME_POLICY).allowed).toBe(true)
			state = afterFailure(state, T0, USERNAME_POLICY)
		}
		expect(verdict(state, T0, USERNAME_POLICY)).toMatchObject({ allowed: false, reason: 'wait' })
	})
})

describe('locks', () => {
	it('lock a username for 15 minutes at the 10th failure, and nothing gets through meanwhile', () => {
		const { state, now } = failRepeatedly(10)
		expect(state.lockedUntil).toEqual(new Date(now.getTime() + 15 * MINUTE))
		for (const later of [0, MINUTE, 14 * MINUTE + 59 * SECOND]) {
			expect(verdict(state, new Date(now.getTime() + later), USERNAME_POLICY)).toEqual({ allowed: false, reason: 'locked', retryAt: state.lockedUntil })
		}
		expect(verdict(state, state.lockedUntil!, USERNAME_POLICY)).toEqual({ allowed: true })
	})

	it('lock a username again at its next failure within the hour after a lock', () => {
		const { state } = failRepeatedly(10)
		const afterLock = state.lockedUntil!
		const next = afterFailure(state, afterLock, USERNAME_POLICY)
		expect(next.failures).toBe(11)
		expect(next.lockedUntil).toEqual(new Date(afterLock.getTime() + 15 * MINUTE))
	})

	it('forget a username an hour after its last failure', () => {
		const { state, now } = failRepeatedly(5)
		const later = new Date(now.getTime() + 60 * MINUTE)
		expect(currentState(state, later, USERNAME_POLICY)).toBeNull()
		expect(afterFailure(state, later, USERNAME_POLICY).failures).toBe(1)
		expect(describeThrottle(state, later, USERNAME_POLICY)).toBeNull()
	})

	it('allow an office address 10 failures, lock it at 30, forget it when the lock ends', () => {
		expect(verdict(failRepeatedly(9, ADDRESS_POLICY).state, T0, ADDRESS_POLICY).allowed).toBe(true)
		const { state, now } = failRepeatedly(30, ADDRESS_POLICY)
		expect(state.lockedUntil).toEqual(new Date(now.getTime() + 15 * MINUTE))
		expect(currentState(state, new Date(now.getTime() + 14 * MINUTE), ADDRESS_POLICY)).toBe(state)
		expect(currentState(state, state.lockedUntil!, ADDRESS_POLICY)).toBeNull()
	})

	it('describe the state for the admin pages', () => {
		const waiting = failRepeatedly(4)
		expect(describeThrottle(waiting.state, waiting.now, USERNAME_POLICY)).toEqual({
			failures: 4,
			lastFailureAt: waiting.now,
			locked: false,
			retryAt: new Date(waiting.now.getTime() + 10 * SECOND),
		})
		const locked = failRepeatedly(10)
		expect(describeThrottle(locked.state, locked.now, USERNAME_POLICY)).toMatchObject({ failures: 10, locked: true, retryAt: locked.state.lockedUntil })
		expect(describeThrottle(null, T0, USERNAME_POLICY)).toBeNull()
	})
})

describe('combineVerdicts', () => {
	it('refuses when any key refuses; a lock outranks a wait, then the later time wins', () => {
		const allowed = { allowed: true } as const
		const wait = (ms: number) => ({ allowed: false, reason: 'wait', retryAt: at(ms) }) as const
		const locked = (ms: number) => ({ allowed: false, reason: 'locked', retryAt: at(ms) }) as const
		expect(combineVerdicts([allowed, allowed])).toEqual(allowed)
		expect(combineVerdicts([allowed, wait(5)])).toEqual(wait(5))
		expect(combineVerdicts([wait(5), wait(9)])).toEqual(wait(9))
		expect(combineVerdicts([wait(99), locked(5)])).toEqual(locked(5))
		expect(combineVerdicts([locked(5), wait(99)])).toEqual(locked(5))
		expect(combineVerdicts([locked(9), locked(5)])).toEqual(locked(9))
	})
})
