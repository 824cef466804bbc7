import { type Db } from '~/db.server'

export function listQuotas(db: Db) {
	return db.quota.findMany({
		orderBy: [{ documentId: 'asc' }, { createdAt: 'asc' }],
		select: {
			id: true,
			section: true,
			excerpt: true,
			metric: true,
			kind: true,
			op: true,
			value: true,
			valueMax: true,
			unit: true,
			period: true,
			startYear: true,
			endYear: true,
			document: { select: { id: true, title: true, docNumber: true } },
			units: { orderBy: { position: 'asc' }, select: { unit: { select: { name: true, nameEn: true } } } },
		},
	})
}

export function listDocuments(db: Db) {
	return db.policyDocument.findMany({
		orderBy: { issuedDate: 'desc' },
		select: {
			id: true,
			title: true,
			docNumber: true,
			issuer: true,
			issuedDate: true,
			_count: { select: { quotas: true } },
		},
	})
}
