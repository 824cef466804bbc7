import { useTranslation } from 'react-i18next'
import { factorSourceDetail, factorSourceName } from '~/domain/chain/factor-sources'
import { useLocale } from '~/i18n/use-localized'

/** A factor with the digits it needs (0.00012 stays 0.00012, 1.3333 reads 1.333). */
export function formatFactor(value: number, locale: string) {
	return new Intl.NumberFormat(locale, { maximumSignificantDigits: 4 }).format(value)
}

/** A factor's source as staff read it: a readable name, the reference code in the tooltip, the full text below. */
export function FactorSource({ edge }: { edge: { referenceId: string | null; source: string | null } }) {
	const locale = useLocale()
	const name = factorSourceName(edge, locale)
	const detail = factorSourceDetail(edge.source)
	if (!name) return null
	return (
		<>
			<span className="source-name" title={edge.referenceId ? `${edge.referenceId} · chain-reference.csv` : undefined}>
				{name}
			</span>
			{detail && detail !== name ? <span className="source-detail"> {detail}</span> : null}
		</>
	)
}

/** "(source: name)" after a factor, the reference code in its tooltip. */
export function FactorSourceNote({ edge }: { edge: { referenceId: string | null; source: string | null } | undefined }) {
	const { t } = useTranslation()
	const locale = useLocale()
	const name = edge ? factorSourceName(edge, locale) : null
	if (!name) return null
	return (
		<span className="muted factor-source-note" title={edge?.referenceId ?? undefined}>
			{' '}
			{t('chains.factorSourceNote', { source: name })}
		</span>
	)
}
