import { Form, useNavigation } from '@remix-run/react'
import { type ReactNode, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { type ConflictField, ConflictReview } from '~/components/conflict-review'
import { ErrorList, fieldAria, FieldError } from '~/components/forms'
import { type Conflict, type ConflictValue } from '~/domain/concurrency/conflict'
import { PROJECT_TYPES } from '~/domain/project/stages'
import {
	MEASURES,
	quotaRulesConflictFields,
	quotaRulesFormSchema,
	type QuotaRulesFormValues,
	readQuotaRulesForm,
	SUM_FIGURES,
} from '~/domain/quota/quota-forms'
import { COUNT_STAGES, QUOTA_KINDS, type QuotaRules } from '~/domain/quota/rules'
import { COMPANY_TAGS } from '~/domain/seed/seed-files'
import { useLocale, useLocalizedName } from '~/i18n/use-localized'
import { formatCNY } from '~/utils/format'
import { type FieldErrors, fieldErrors } from '~/utils/forms'

export type RuleChain = { slug: string; name: string; nameEn: string; links: { key: string; name: string; nameEn: string }[] }

/**
 * The counting rule in words, one condition per entry, e.g. 签约日期在 2025 年内；
 * 产业链：…；单个项目投资 ≥ 5 亿元；增资只计增量.
 */
export function RuleDescription({ rules, year, chains }: { rules: QuotaRules; year: number; chains: RuleChain[] }) {
	const { t } = useTranslation()
	const locale = useLocale()
	const localized = useLocalizedName()
	const list = (values: string[]) => values.join(locale === 'en' ? ', ' : '、')
	const chainNames = (slugs: string[]) => list(slugs.map((slug) => localized(chains.find((c) => c.slug === slug)) || slug))
	const linkNames = (keys: string[]) => list(keys.map((key) => localized(chains.flatMap((c) => c.links).find((l) => l.key === key)) || key))
	const parts: string[] = []
	const place = (r: { chainSlugs: string[]; linkKeys?: string[]; localOnly?: boolean }) => {
		if (r.chainSlugs.length > 0) parts.push(t('quota.rule.chains', { names: chainNames(r.chainSlugs) }))
		if (r.linkKeys && r.linkKeys.length > 0) parts.push(t('quota.rule.links', { names: linkNames(r.linkKeys) }))
		if (r.localOnly) parts.push(t('quota.rule.localOnly'))
	}
	switch (rules.kind) {
		case 'projects': {
			const r = rules.rules
			parts.push(t('quota.rule.stageInYear', { stage: t(`projects.stages.${r.countStage}`), year }))
			parts.push(t(`quota.rule.measure.${r.measure}`))
			place(r)
			if (r.categories.length > 0) parts.push(t('quota.rule.categories', { names: list(r.categories) }))
			if (r.projectTypes.length > 0) parts.push(t('quota.rule.projectTypes', { names: list(r.projectTypes.map((type) => t(`projects.types.${type}`))) }))
			if (r.clusterLeadingOnly) parts.push(t('quota.rule.clusterLeadingOnly'))
			if (r.minInvestmentCNY !== null) parts.push(t('quota.rule.minInvestment', { amount: formatCNY(r.minInvestmentCNY, locale) }))
			parts.push(t('quota.rule.incrementOnly'), t('quota.rule.terminated'))
			break
		}
		case 'companies_with_tag': {
			const r = rules.rules
			if (r.anyTag.length > 0) parts.push(t('quota.rule.anyTag', { names: list(r.anyTag.map((tag) => t(`tags.${tag}`, { defaultValue: tag }))) }))
			parts.push(r.newInYear ? t('quota.rule.newInYear', { year }) : t('quota.rule.stockAtYearEnd', { year }))
			if (r.minRevenueCNY !== null) parts.push(t('quota.rule.minRevenue', { amount: formatCNY(r.minRevenueCNY, locale) }))
			place(r)
			break
		}
		case 'sum':
			parts.push(t(`quota.rule.figure.${rules.rules.figure}`, { year }))
			place(rules.rules)
			break
		case 'manual':
			parts.push(t('quota.rule.manual'))
			break
	}
	return (
		<ul className="quota-rule-words" data-testid="quota-rule-words">
			{parts.map((part) => (
				<li key={part}>{part}</li>
			))}
		</ul>
	)
}

/**
 * The counting-rule editor (managers): a kind and the fields of that kind.
 * The same schema as the action checks the form before it is sent; the
 * action saves kind + filters with an audit row.
 */
export function QuotaRulesForm({
	id,
	defaults,
	chains,
	serverErrors,
}: {
	/** The form's element id: a conflict's "save anyway" button submits it from outside. */
	id: string
	defaults: QuotaRulesFormValues
	chains: RuleChain[]
	/** Field → i18n key, from a refused submission. */
	serverErrors: FieldErrors
}) {
	const { t } = useTranslation()
	const localized = useLocalizedName()
	const navigation = useNavigation()
	const [kind, setKind] = useState(defaults.kind)
	const [clientErrors, setClientErrors] = useState<FieldErrors>({})
	const errors = { ...serverErrors, ...clientErrors }
	const pending = navigation.state === 'submitting' && navigation.formData?.get('intent') === 'rules'

	const controlId = (name: keyof QuotaRulesFormValues) => `rules-${name}`
	const error = (name: keyof QuotaRulesFormValues) => <FieldError id={controlId(name)} message={errors[name]} />
	/** A control's id and aria wiring (invalid while its field has an error, described by the error). */
	const control = (name: keyof QuotaRulesFormValues) => ({ id: controlId(name), ...fieldAria(controlId(name), errors[name]) })
	const checks = (name: keyof QuotaRulesFormValues, options: { value: string; label: string }[], legend: string) => {
		const chosen = defaults[name] as string[]
		return (
			<fieldset className="quota-rule-checks" {...fieldAria(controlId(name), errors[name])}>
				<legend>{legend}</legend>
				{options.map((o) => (
					<label key={o.value} className="checkbox-label">
						<input type="checkbox" name={name} value={o.value} defaultChecked={chosen.includes(o.value)} /> {o.label}
					</label>
				))}
				{error(name)}
			</fieldset>
		)
	}
	const field = (name: keyof QuotaRulesFormValues, control: ReactNode, hint?: string) => (
		<label htmlFor={controlId(name)}>
			<span>{t(`quota.fields.${name}`)}</span> {control}
			{hint ? <span className="muted field-hint"> {hint}</span> : null}
			{error(name)}
		</label>
	)
	const checkbox = (name: 'clusterLeadingOnly' | 'newInYear' | 'localOnly') => (
		<label className="checkbox-label">
			<input type="checkbox" name={name} defaultChecked={defaults[name]} /> {t(`quota.fields.${name}`)}
		</label>
	)
	const chainChecks = checks(
		'chainSlugs',
		chains.map((c) => ({ value: c.slug, label: localized(c) })),
		t('quota.fields.chainSlugs'),
	)
	const linkChecks = (
		<details className="quota-rule-links" open={defaults.linkKeys.length > 0}>
			<summary>
				{t('quota.fields.linkKeys')} <span className="muted">{t('quota.hints.linkKeys')}</span>
			</summary>
			{chains.map((chain) => (
				<fieldset key={chain.slug} className="quota-rule-checks">
					<legend>{localized(chain)}</legend>
					{chain.links.map((link) => (
						<label key={link.key} className="checkbox-label">
							<input type="checkbox" name="linkKeys" value={link.key} defaultChecked={defaults.linkKeys.includes(link.key)} /> {localized(link)}
						</label>
					))}
				</fieldset>
			))}
			{error('linkKeys')}
		</details>
	)
	const yiInput = (name: 'minInvestmentYi' | 'minRevenueYi') =>
		field(name, <input {...control(name)} name={name} inputMode="decimal" defaultValue={defaults[name]} />, t('quota.hints.yi'))

	return (
		<Form
			method="post"
			id={id}
			className="quota-rules-form"
			data-testid="quota-rules-form"
			noValidate
			onSubmit={(event) => {
				const parsed = quotaRulesFormSchema.safeParse(readQuotaRulesForm(new FormData(event.currentTarget)))
				setClientErrors(parsed.success ? {} : fieldErrors(parsed.error))
				if (!parsed.success) event.preventDefault()
			}}
		>
			<input type="hidden" name="intent" value="rules" />
			{/* The rule's version when the page was loaded (ADR 0015); after a conflict, the stored one. */}
			<input type="hidden" name="version" value={defaults.version} />
			<ErrorList messages={[Object.keys(errors).length > 0 ? 'quota.errors.fixFields' : null]} />
			<div className="form-row">
				{field(
					'kind',
					<select {...control('kind')} name="kind" value={kind} onChange={(event) => setKind(event.target.value as QuotaRules['kind'])}>
						{QUOTA_KINDS.map((k) => (
							<option key={k} value={k}>
								{t(`quotas.kinds.${k}`)}
							</option>
						))}
					</select>,
				)}
			</div>
			{/* key: each kind's fields start again from the stored values when the kind changes. */}
			<div key={kind} className="quota-rule-fields">
				{kind === 'projects' ? (
					<>
						<div className="form-row">
							{field(
								'countStage',
								<select {...control('countStage')} name="countStage" defaultValue={defaults.countStage}>
									{COUNT_STAGES.map((s) => (
										<option key={s} value={s}>
											{t(`projects.stages.${s}`)}
										</option>
									))}
								</select>,
							)}
							{field(
								'measure',
								<select {...control('measure')} name="measure" defaultValue={defaults.measure}>
									{MEASURES.map((m) => (
										<option key={m} value={m}>
											{t(`quota.measures.${m}`)}
										</option>
									))}
								</select>,
							)}
							{yiInput('minInvestmentYi')}
							{checkbox('clusterLeadingOnly')}
						</div>
						{chainChecks}
						{linkChecks}
						{checks(
							'projectTypes',
							PROJECT_TYPES.map((type) => ({ value: type, label: t(`projects.types.${type}`) })),
							t('quota.fields.projectTypes'),
						)}
						<div className="form-row">
							{field(
								'categories',
								<input {...control('categories')} name="categories" className="input-wide" defaultValue={defaults.categories} />,
								t('quota.hints.categories'),
							)}
						</div>
					</>
				) : null}
				{kind === 'companies_with_tag' ? (
					<>
						{checks(
							'anyTag',
							COMPANY_TAGS.map((tag) => ({ value: tag, label: t(`tags.${tag}`) })),
							t('quota.fields.anyTag'),
						)}
						<div className="form-row">
							{checkbox('newInYear')}
							{yiInput('minRevenueYi')}
							{checkbox('localOnly')}
						</div>
						{chainChecks}
					</>
				) : null}
				{kind === 'sum' ? (
					<>
						<div className="form-row">
							{field(
								'figure',
								<select {...control('figure')} name="figure" defaultValue={defaults.figure}>
									{SUM_FIGURES.map((f) => (
										<option key={f} value={f}>
											{t(`quota.figures.${f}`)}
										</option>
									))}
								</select>,
							)}
							{checkbox('localOnly')}
						</div>
						{chainChecks}
						{linkChecks}
					</>
				) : null}
				{kind === 'manual' ? <p className="muted">{t('quota.hints.manual')}</p> : null}
			</div>
			<button type="submit" className="button-primary" disabled={pending}>
				{t('quota.rules.save')}
			</button>
		</Form>
	)
}

/** A refused stale save of the rule editor (ADR 0015): the stored rule against the submitted one, with the form `formId` to save anyway. */
export function QuotaRulesConflict({
	conflict,
	chains,
	formId,
	discardTo,
}: {
	conflict: Conflict<QuotaRulesFormValues>
	chains: RuleChain[]
	formId: string
	discardTo: string
}) {
	const { t } = useTranslation()
	const localized = useLocalizedName()
	const locale = useLocale()
	const each = (name: (value: string) => string) => (value: ConflictValue) =>
		[value]
			.flat()
			.map((v) => name(String(v)))
			.join(locale === 'en' ? ', ' : '、')
	const show: Partial<Record<keyof QuotaRulesFormValues, ConflictField['show']>> = {
		kind: each((v) => t(`quotas.kinds.${v}`, { defaultValue: v })),
		countStage: each((v) => t(`projects.stages.${v}`, { defaultValue: v })),
		measure: each((v) => t(`quota.measures.${v}`, { defaultValue: v })),
		figure: each((v) => t(`quota.figures.${v}`, { defaultValue: v })),
		chainSlugs: each((slug) => localized(chains.find((c) => c.slug === slug)) || slug),
		linkKeys: each((key) => localized(chains.flatMap((c) => c.links).find((l) => l.key === key)) || key),
		projectTypes: each((v) => t(`projects.types.${v}`, { defaultValue: v })),
		anyTag: each((v) => t(`tags.${v}`, { defaultValue: v })),
	}
	return (
		<ConflictReview
			fields={quotaRulesConflictFields(conflict.current, conflict.submitted).map((name) => ({ name, label: t(`quota.fields.${name}`), show: show[name] }))}
			current={conflict.current}
			submitted={conflict.submitted}
			formId={formId}
			discardTo={discardTo}
		/>
	)
}
