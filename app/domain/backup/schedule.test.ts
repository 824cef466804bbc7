import { expect, test } from 'vitest'
import { backupSchedule, nextBackupDelay, scheduledSetName, setsToPrune, setTime } from './schedule'

test('daily with 7 kept in a real install, off in demo mode, configurable, and bad values named', () => {
	expect(backupSchedule({}, 'install')).toEqual({ intervalMs: 24 * 3600_000, keep: 7, dir: null })
	expect(backupSchedule({}, 'demo')).toBeNull()
	expect(backupSchedule({ BACKUP_INTERVAL_HOURS: '0' }, 'install')).toBeNull()
	expect(backupSchedule({ BACKUP_INTERVAL_HOURS: '6', BACKUP_KEEP: '28', BACKUP_DIR: '/backups/chainlead' }, 'demo')).toEqual({
		intervalMs: 6 * 3600_000,
		keep: 28,
		dir: '/backups/chainlead',
	})
	expect(() => backupSchedule({ BACKUP_KEEP: '0' }, 'install')).toThrow(/BACKUP_KEEP/)
	expect(() => backupSchedule({ BACKUP_INTERVAL_HOURS: 'daily' }, 'install')).toThrow(/BACKUP_INTERVAL_HOURS/)
})

test('set names sort by time and give their time back', () => {
	const name = scheduledSetName(new Date('2026-12-06T02:30:05.123Z'))
	expect(name).toBe('chainlead-20261206T023005Z')
	expect(setTime(name)).toEqual(new Date('2026-12-06T02:30:05Z'))
	expect(setTime('notes')).toBeNull()
})

test('pruning keeps the newest complete sets, drops cut-off ones, and leaves other folders and a set being written alone', () => {
	const sets = [
		{ name: 'chainlead-20261201T020000Z', complete: true },
		{ name: 'chainlead-20261202T020000Z', complete: false },
		{ name: 'chainlead-20261203T020000Z', complete: true },
		{ name: 'chainlead-20261204T020000Z', complete: true },
		{ name: 'manual-copy', complete: true },
		{ name: 'chainlead-20261205T020000Z', complete: false },
	]
	expect(setsToPrune(sets, 2)).toEqual(['chainlead-20261201T020000Z', 'chainlead-20261202T020000Z'])
	expect(setsToPrune(sets, 7)).toEqual(['chainlead-20261202T020000Z'])
})

test('the next backup is an interval after the newest, or a minute after start', () => {
	const now = new Date('2026-12-06T12:00:00Z')
	const day = 24 * 3600_000
	expect(nextBackupDelay(null, day, now)).toBe(60_000)
	expect(nextBackupDelay(new Date('2026-12-06T02:00:00Z'), day, now)).toBe(14 * 3600_000)
	expect(nextBackupDelay(new Date('2026-12-01T02:00:00Z'), day, now)).toBe(60_000)
})
