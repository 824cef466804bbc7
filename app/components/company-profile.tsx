import { type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { SampleBadge } from '~/components/sample-badge'
import { TagBadges } from '~/components/tag-badges'
import { useLocale, useLocalizedName } from '~/i18n/use-localized'
import { formatCNY, formatDate, formatNumber } from '~/utils/format'

type ProfileCompany = {
	name: string
	uscc: string | null
	kind: string
	isLocal: boolean
	region: { name: string; nameEn: string } | null
	aliases: { kind: string; name: string }[]
	tags: { tag: string; grantedYear: number | null }[]
	revenueCNY: number | null
	registeredCapitalCNY: number | null
	employees: number | null
	industry: string | null
	contactName: string | null
	contactPhone: string | null
	address: string | null
	description: string | null
	source: string | null
	isSample: boolean
	updatedAt: Date | string
}

/** A company's heading and all its profile fields; every value is rendered as text. */
export function CompanyProfile({ company, actions }: { company: ProfileCompany; actions?: ReactNode }) {
	const { t } = useTranslation()
	const locale = useLocale()
	const localized = useLocalizedName()
	const aliases = (kind: string) =>
		company.aliases
			.filter((a) => a.kind === kind)
			.map((a) => a.name)
			.join('、')
	const money = (cny: number | null) => (cny === null ? null : formatCNY(cny, locale))
	const rows: [label: string, value: ReactNode][] = [
		[t('companyDb.fields.shortName'), aliases('short')],
		[t('companyDb.fields.formerNames'), aliases('former')],
		[t('companies.uscc'), company.uscc ? <span className="mono">{company.uscc}</span> : null],
		[t('companies.kind'), t(`companies.kinds.${company.kind}`, { defaultValue: company.kind })],
		[t('companies.local'), company.isLocal ? t('companies.isLocal') : t('companies.isExternal')],
		[t('companies.region'), localized(company.region)],
		[t('companies.tags'), company.tags.length > 0 ? <TagBadges tags={company.tags} /> : null],
		[t('companies.revenue'), money(company.revenueCNY)],
		[t('companyDb.fields.registeredCapital'), money(company.registeredCapitalCNY)],
		[t('companies.employees'), formatNumber(company.employees, locale)],
		[t('companyDb.fields.industry'), company.industry],
		[t('companyDb.fields.contactName'), company.contactName],
		[t('companyDb.fields.contactPhone'), company.contactPhone],
		[t('companyDb.fields.address'), company.address],
		[t('companyDb.fields.description'), company.description],
		[t('app.source'), company.source],
		[t('companyDb.fields.updatedAt'), formatDate(company.updatedAt)],
	]
	return (
		<section aria-labelledby="company-name">
			<div className="company-head">
				<h1 id="company-name">
					{company.name} <SampleBadge show={company.isSample} />
				</h1>
				{actions}
			</div>
			<dl className="company-profile">
				{rows.map(([label, value]) => (
					<div key={label}>
						<dt>{label}</dt>
						<dd>{value === null || value === '' ? <span className="muted">{t('companyDb.notRecorded')}</span> : value}</dd>
					</div>
				))}
			</dl>
		</section>
	)
}
