import { expect, test } from 'vitest'
import { auditQuerySearch, chinaDayEnd, chinaDayStart, parseAuditQuery } from './audit-query'

const parse = (search: string) => parseAuditQuery(new URLSearchParams(search))

test('valid filters are kept as typed', () => {
	const { query, errors } = parse('user=u1&entity=Company&object=c1&from=2026-03-01&to=2026-03-31&page=2')
	expect(errors).toEqual({})
	expect(query).toEqual({ user: 'u1', entity: 'Company', object: 'c1', from: '2026-03-01', to: '2026-03-31', page: 2 })
	expect(auditQuerySearch(query)).toBe('user=u1&entity=Company&object=c1&from=2026-03-01&to=2026-03-31')
	expect(auditQuerySearch(query, 3)).toContain('page=3')
})

test('a bad value is reported on its field and left out; the other filters still apply and the typed text stays', () => {
	const { query, input, errors } = parse('entity=Nope&from=2026-02-30&to=2026-03-31&page=-1')
	expect(errors).toEqual({ entity: 'audit.filters.badEntity', from: 'audit.filters.badDate', page: 'audit.filters.badPage' })
	expect(query).toEqual({ user: '', entity: '', object: '', from: '', to: '2026-03-31', page: 1 })
	expect(input.from).toBe('2026-02-30')
})

test('a range ending before it starts is refused on its end', () => {
	const { query, errors } = parse('from=2026-03-02&to=2026-03-01')
	expect(errors).toEqual({ to: 'audit.filters.badRange' })
	expect(query.from).toBe('2026-03-02')
	expect(query.to).toBe('')
})

test('days are China calendar days', () => {
	expect(chinaDayStart('2026-03-01').toISOString()).toBe('2026-02-28T16:00:00.000Z')
	expect(chinaDayEnd('2026-03-01').toISOString()).toBe('2026-03-01T16:00:00.000Z')
})
