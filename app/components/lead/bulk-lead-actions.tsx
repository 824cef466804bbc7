import { useFetcher } from '@remix-run/react'
import { useCallback, useEffect, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorList, FieldError, fieldAria } from '~/components/forms'
import { type BulkLeadResult } from '~/domain/lead/bulk'
import { MOVE_TARGET_STAGES } from '~/domain/lead/stages'
import { useLocalizedName } from '~/i18n/use-localized'

type Ticked = { id: string; version: number }

/** The leads ticked on the list page, kept by id; a page change or a done action clears them. */
export function useLeadSelection(pageKey: string) {
	const [selected, setSelected] = useState<Map<string, Ticked>>(new Map())
	useEffect(() => setSelected(new Map()), [pageKey])
	const toggle = useCallback((lead: Ticked, on: boolean) => {
		setSelected((current) => {
			const next = new Map(current)
			if (on) next.set(lead.id, lead)
			else next.delete(lead.id)
			return next
		})
	}, [])
	const setAll = useCallback((leads: readonly Ticked[], on: boolean) => setSelected(on ? new Map(leads.map((l) => [l.id, l])) : new Map()), [])
	const clear = useCallback(() => setSelected(new Map()), [])
	return { selected, isTicked: (id: string) => selected.has(id), toggle, setAll, clear }
}

type Selection = ReturnType<typeof useLeadSelection>
type Named = { id: string; name: string; nameEn: string }

/**
 * The bar above the lead list that acts on the ticked leads: move them to a stage, drop them
 * (after a confirmation: a dropped lead cannot move again) or, for managers, hand them over.
 * All or nothing on the server; a refusal names each lead and why.
 */
export function BulkLeadBar({
	selection,
	owners,
	units,
	canReassign,
	empty,
}: {
	selection: Selection
	owners: { id: string; name: string }[]
	units: Named[]
	canReassign: boolean
	/** No lead on the page: only the answer of the last action shows. */
	empty: boolean
}) {
	const { t } = useTranslation()
	const localized = useLocalizedName()
	const fetcher = useFetcher<BulkLeadResult>()
	const [confirmingDrop, setConfirmingDrop] = useState(false)
	const count = selection.selected.size
	const result = fetcher.state === 'idle' ? fetcher.data : undefined
	const fieldError = (name: 'ownerId' | 'unitId') => (result && !result.ok ? result.errors[name] : undefined)
	const ownerId = useId()
	const unitId = useId()
	const { clear } = selection
	// A new answer that changed the leads ends the selection (clear is stable).
	useEffect(() => {
		if (result?.ok) clear()
	}, [result, clear])

	const submit = (fields: Record<string, string>) => {
		const form = new FormData()
		for (const [key, value] of Object.entries(fields)) form.set(key, value)
		for (const lead of selection.selected.values()) form.append('lead', `${lead.id}:${lead.version}`)
		fetcher.submit(form, { method: 'post', action: '/leads/bulk' })
		setConfirmingDrop(false)
	}
	const formFields = (event: React.FormEvent<HTMLFormElement>) => {
		event.preventDefault()
		submit(Object.fromEntries([...new FormData(event.currentTarget).entries()].filter((entry): entry is [string, string] => typeof entry[1] === 'string')))
	}

	const answer = (
		<div role="status" className="bulk-lead-result" data-testid="bulk-lead-result">
			{fetcher.state !== 'idle' ? t('leads.bulk.working') : null}
			{result?.ok ? (
				<p>
					{t('leads.bulk.done', { count: result.changed })} {result.unchanged > 0 ? t('leads.bulk.unchanged', { count: result.unchanged }) : null}
				</p>
			) : null}
			{result && !result.ok ? (
				<>
					<ErrorList messages={[result.formError]} />
					{result.refused.length > 0 ? (
						<ul className="bulk-lead-refused">
							{result.refused.map((r) => (
								<li key={r.leadId}>
									{r.company || r.leadId}: {t(r.reason)}
								</li>
							))}
						</ul>
					) : null}
				</>
			) : null}
		</div>
	)
	if (empty) return answer
	return (
		// On a phone the actions show once a lead is ticked (app.css), so the list starts on the first screen.
		<section className="bulk-lead-bar" aria-label={t('leads.bulk.label')} data-testid="bulk-lead-bar" data-ticked={count > 0}>
			<p className="bulk-lead-count" aria-live="polite">
				{t('leads.bulk.selected', { count })}
				{count === 0 ? <span className="bulk-lead-hint muted">{t('leads.bulk.hint')}</span> : null}
				{count > 0 ? (
					<button type="button" className="button-link" onClick={selection.clear}>
						{t('leads.bulk.clear')}
					</button>
				) : null}
			</p>
			<form className="bulk-lead-action" onSubmit={formFields}>
				<input type="hidden" name="intent" value="move" />
				<label>
					<span>{t('leads.bulk.moveTo')}</span>
					<select name="toStage" defaultValue="" required>
						<option value="" disabled>
							{t('leads.bulk.chooseStage')}
						</option>
						{MOVE_TARGET_STAGES.filter((s) => s !== 'dropped').map((stage) => (
							<option key={stage} value={stage}>
								{t(`leads.stages.${stage}`)}
							</option>
						))}
					</select>
				</label>
				<button type="submit" disabled={count === 0 || fetcher.state !== 'idle'}>
					{t('leads.bulk.move')}
				</button>
			</form>
			{canReassign ? (
				<form className="bulk-lead-action" onSubmit={formFields}>
					<input type="hidden" name="intent" value="reassign" />
					<label>
						<span>{t('leads.bulk.handOver')}</span>
						<select name="ownerId" id={ownerId} defaultValue="" required {...fieldAria(ownerId, fieldError('ownerId'))}>
							<option value="" disabled>
								{t('leads.bulk.chooseOwner')}
							</option>
							{owners.map((owner) => (
								<option key={owner.id} value={owner.id}>
									{owner.name}
								</option>
							))}
						</select>
						<FieldError id={ownerId} message={fieldError('ownerId')} />
					</label>
					<label>
						<span className="visually-hidden">{t('leads.unit')}</span>
						<select name="unitId" id={unitId} defaultValue="" {...fieldAria(unitId, fieldError('unitId'))}>
							<option value="">{t('leads.bulk.noUnit')}</option>
							{units.map((unit) => (
								<option key={unit.id} value={unit.id}>
									{localized(unit)}
								</option>
							))}
						</select>
						<FieldError id={unitId} message={fieldError('unitId')} />
					</label>
					<button type="submit" disabled={count === 0 || fetcher.state !== 'idle'}>
						{t('leads.bulk.handOverApply')}
					</button>
				</form>
			) : null}
			{confirmingDrop ? (
				<div className="bulk-lead-confirm" role="alertdialog" aria-label={t('leads.bulk.drop')}>
					<p>{t('leads.bulk.confirmDrop', { count })}</p>
					<button type="button" className="button-danger" onClick={() => submit({ intent: 'move', toStage: 'dropped' })}>
						{t('leads.bulk.confirm')}
					</button>
					<button type="button" onClick={() => setConfirmingDrop(false)}>
						{t('leads.bulk.cancel')}
					</button>
				</div>
			) : (
				<button type="button" className="bulk-lead-drop" disabled={count === 0 || fetcher.state !== 'idle'} onClick={() => setConfirmingDrop(true)}>
					{t('leads.bulk.drop')}
				</button>
			)}
			{answer}
		</section>
	)
}
