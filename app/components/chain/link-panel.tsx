import { Link, useSearchParams } from '@remix-run/react'
import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { SampleBadge } from '~/components/sample-badge'
import { formatPercent, formatQuantity } from '~/domain/chain/describe-flag'
import { linkSeverity } from '~/domain/chain/severity'
import { unitLabel } from '~/i18n/units'
import { useLocalizedName } from '~/i18n/use-localized'
import { type ChainPageData } from '~/models/chain-page.server'
import { FactorSourceNote, formatFactor } from './factor-source'
import { ProspectLeadsForm } from './prospect-leads-form'
import { useGapText } from './use-gap-names'

/** Side panel of one link: figures, flags with reasons, its companies and the external ones that could fill the gap. */
export function LinkPanel({ data, panel }: { data: ChainPageData; panel: NonNullable<ChainPageData['panel']> }) {
	const { t } = useTranslation()
	const localized = useLocalizedName()
	const [searchParams, setSearchParams] = useSearchParams()
	const { names, locale, flagsOf } = useGapText(data)
	const linkId = panel.linkId
	const link = data.chain.links.find((l) => l.id === linkId)!
	const la = data.analysis.links.find((l) => l.linkId === linkId)!
	const qty = (v: number) => formatQuantity(v, link.unit, locale)
	const candidates = panel.candidates.map((c) => ({ ...c, unit: link.unit }))
	const flags = flagsOf(la)

	// Opening the drawer takes focus to its title, so keyboard and screen-reader users land in it;
	// closing gives focus back to the link's node on the map.
	const titleRef = useRef<HTMLHeadingElement>(null)
	useEffect(() => {
		// Not on a page opened with ?link=: nothing was activated, so focus stays where the page starts.
		if (document.activeElement && document.activeElement !== document.body) titleRef.current?.focus()
	}, [linkId])
	function close() {
		document.querySelector<SVGGElement>(`:is(.map-node, .sankey-node)[data-link-key="${CSS.escape(link.key)}"]`)?.focus()
		const next = new URLSearchParams(searchParams)
		next.delete('link')
		setSearchParams(next, { preventScrollReset: true, replace: true })
	}
	// The panel is a drawer: Escape closes it, as with any dialog-like overlay.
	useEffect(() => {
		const onKey = (event: KeyboardEvent) => event.key === 'Escape' && close()
		document.addEventListener('keydown', onKey)
		return () => document.removeEventListener('keydown', onKey)
	})

	return (
		<aside className={`link-panel health-border-${la.health}`} aria-labelledby="link-panel-title" data-testid="link-panel">
			<div className="panel-head">
				<h2 id="link-panel-title" tabIndex={-1} ref={titleRef}>
					{localized(link)}
				</h2>
				<button type="button" className="no-print" onClick={close} aria-label={t('gaps.panelClose')}>
					×
				</button>
			</div>
			<p className="muted">
				{t(`stages.${link.stage}`)} · {t('gaps.linkUnit', { unit: unitLabel(link.unit, locale) })} ·{' '}
				<span className={`badge severity-badge severity-${linkSeverity(la)}`}>{t(`gaps.severity.${linkSeverity(la)}`)}</span>
			</p>

			<dl className="figures">
				<dt>{t('gaps.supply')}</dt>
				<dd>
					{la.supply === null ? '—' : qty(la.supply)}
					{la.supplyComplete ? null : <span className="muted"> ({t('gaps.unknownSupply')})</span>}
				</dd>
				<dt>{t('gaps.demand')}</dt>
				<dd>{la.demand > 0 ? qty(la.demand) : '—'}</dd>
				<dt>{t('gaps.balance')}</dt>
				<dd>{la.balance === null ? '—' : qty(la.balance)}</dd>
				<dt>{t('gaps.coverage')}</dt>
				<dd>{la.coverage === null ? '—' : formatPercent(la.coverage, locale)}</dd>
				<dt>{t('gaps.localFirmCount')}</dt>
				<dd>{la.localFirmCount}</dd>
				<dt>{t('gaps.hhi')}</dt>
				<dd>{la.hhi === null ? '—' : Math.round(la.hhi)}</dd>
				<dt>{t('gaps.topShare')}</dt>
				<dd>{la.topShare === null ? '—' : formatPercent(la.topShare, locale)}</dd>
				<dt>{t('gaps.leaders')}</dt>
				<dd>{la.leaderCount}</dd>
			</dl>

			{la.demandParts.some((p) => p.downstreamSupply > 0) ? (
				<>
					<h3>{t('gaps.demandFrom')}</h3>
					<ul className="plain-list">
						{la.demandParts
							.filter((p) => p.downstreamSupply > 0)
							.map((p) => (
								<li key={p.edgeId}>
									{names.link(p.toLinkId)}:{' '}
									{p.factor === null ? (
										<span className="factor-unknown">{t('chains.factorUnknown')}</span>
									) : (
										<>
											{formatQuantity(p.downstreamSupply, names.unit(p.toLinkId), locale)} × {formatFactor(p.factor, locale)} = {qty(p.demand ?? 0)}
											<FactorSourceNote edge={data.chain.edges.find((e) => e.id === p.edgeId)} />
										</>
									)}
								</li>
							))}
					</ul>
				</>
			) : null}
			{la.unknownFactorLinks.length > 0 ? (
				<p className="factor-unknown">{t('gaps.factorUnknownNote', { links: la.unknownFactorLinks.map(names.link).join('、') })}</p>
			) : null}
			{la.feedbackTo.length > 0 ? <p className="muted">{t('gaps.feedback', { links: la.feedbackTo.map(names.link).join('、') })}</p> : null}

			<h3>{t('gaps.flagsColumn')}</h3>
			{flags.length === 0 ? (
				<p>{t('gaps.noFlags')}</p>
			) : (
				<ul className="flag-list" data-testid="link-flags">
					{flags.map((f) => (
						<li key={f.code} className={`flag-${f.severity}`}>
							<strong>{f.label}</strong>：{f.reason}
						</li>
					))}
				</ul>
			)}

			<h3>{t('gaps.localCompanies')}</h3>
			{panel.localFirms.length === 0 ? (
				<p className="muted">{t('app.none')}</p>
			) : (
				<table className="data-table compact">
					<thead>
						<tr>
							<th>{t('leads.company')}</th>
							<th className="num">{t('gaps.supply')}</th>
							<th className="num">{t('gaps.share')}</th>
						</tr>
					</thead>
					<tbody>
						{panel.localFirms.map((f) => (
							<tr key={f.companyId}>
								<td>
									{f.name} {f.isLeader ? <span className="badge">{t('gaps.leader')}</span> : null}
									<SampleBadge show={f.isSample} />
									{f.year ? <span className="muted"> · {f.year}</span> : null}
								</td>
								<td className="num">{f.quantity === null ? '—' : qty(f.quantity)}</td>
								<td className="num">{f.share === null ? '—' : formatPercent(f.share, locale)}</td>
							</tr>
						))}
					</tbody>
				</table>
			)}
			{panel.localFirmCount > panel.localFirms.length ? (
				<p className="muted">{t('gaps.panelLimited', { shown: panel.localFirms.length, total: panel.localFirmCount })}</p>
			) : null}

			<h3>{t('gaps.candidates')}</h3>
			{candidates.length === 0 ? (
				<p className="muted">{t('gaps.noCandidates')}</p>
			) : (
				<ProspectLeadsForm slug={data.chain.slug} year={data.year} candidates={candidates} leadForm={data.leadForm} compact />
			)}
			{panel.candidateCount > candidates.length ? (
				<p className="muted">{t('gaps.panelLimited', { shown: candidates.length, total: panel.candidateCount })}</p>
			) : null}
			<p>
				<Link to={`/chains/${data.chain.slug}/targets?year=${data.year}&link=${link.key}`}>{t('gaps.allTargets')}</Link>
			</p>
		</aside>
	)
}
