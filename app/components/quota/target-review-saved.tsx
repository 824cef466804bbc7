import { useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { splitUnitNames } from '~/domain/policy/document'

/** The query /quotas/import redirects to after saving: ?year=…&saved=<count>[&newUnits=<names joined by 、>]. */
export function savedImportQuery({ year, saved, createdUnits }: { year: number; saved: number; createdUnits: string[] }) {
	const query = new URLSearchParams({ year: String(year), saved: String(saved) })
	if (createdUnits.length > 0) query.set('newUnits', createdUnits.join('、'))
	return query
}

/**
 * What a policy import saved, on the page it lands on (/quotas): the number of
 * quotas and the responsible units that had to be created. Renders nothing
 * without ?saved=.
 */
export function ImportSavedNotice() {
	const [params] = useSearchParams()
	const { t } = useTranslation()
	const saved = Number.parseInt(params.get('saved') ?? '', 10)
	if (!Number.isInteger(saved) || saved < 0) return null
	const newUnits = splitUnitNames(params.get('newUnits') ?? '')
	return (
		<div role="status" data-testid="import-saved">
			<p className="form-success">{t('policyImport.saved', { count: saved })}</p>
			{newUnits.length > 0 ? <p className="callout-warn">{t('policyImport.unitsCreated', { names: newUnits.join('、') })}</p> : null}
		</div>
	)
}
