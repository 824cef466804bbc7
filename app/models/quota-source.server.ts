import { type Db } from '~/db.server'
import { type QuotaSource } from '~/domain/quota/dashboard'

/**
 * Each quota's policy document and where its clause stands in the document's
 * text, newest document first — the dashboard's reading order. The texts stay
 * on the server; only the offsets leave this function.
 */
export async function listQuotaSources(db: Db): Promise<QuotaSource[]> {
	const [documents, quotas] = await Promise.all([
		db.policyDocument.findMany({
			orderBy: [{ issuedDate: { sort: 'desc', nulls: 'last' } }, { createdAt: 'desc' }],
			select: { id: true, title: true, docNumber: true, text: true },
		}),
		db.quota.findMany({ select: { id: true, excerpt: true, documentId: true } }),
	])
	const byId = new Map(documents.map((d) => [d.id, d]))
	const rank = new Map(documents.map((d, i) => [d.id, i]))
	return quotas
		.map((q) => {
			const found = q.documentId === null ? undefined : byId.get(q.documentId)
			const offset = found ? found.text.indexOf(q.excerpt) : -1
			return {
				quotaId: q.id,
				document: found ? { id: found.id, title: found.title, docNumber: found.docNumber } : null,
				offset: offset >= 0 ? offset : null,
			}
		})
		.sort((a, b) => (rank.get(a.document?.id ?? '') ?? Infinity) - (rank.get(b.document?.id ?? '') ?? Infinity))
}
