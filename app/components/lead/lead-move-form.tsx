import { useFetcher } from '@remix-run/react'
import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorList, FieldError, fieldAria } from '~/components/forms'
import { type LeadMoveResult } from '~/domain/lead/schemas'
import { moveTargets } from '~/domain/lead/stages'

/** The move action lives on /leads; board drops and these forms share one fetcher per lead. */
export const LEAD_MOVE_ACTION = '/leads?index'

export const LEAD_MOVE_FETCHER_PREFIX = 'lead-move-'

export function leadMoveFetcherKey(leadId: string) {
	return `${LEAD_MOVE_FETCHER_PREFIX}${leadId}`
}

/**
 * "Move to…" select and button: the keyboard-usable way to change a lead's
 * stage (the board also takes drag and drop). Nothing for a closed lead.
 */
export function LeadMoveForm({ lead }: { lead: { id: string; stage: string; company: { name: string } } }) {
	const { t } = useTranslation()
	const fetcher = useFetcher<LeadMoveResult>({ key: leadMoveFetcherKey(lead.id) })
	const id = useId()
	const targets = moveTargets(lead.stage)
	if (targets.length === 0) return null
	const failed = fetcher.state === 'idle' && fetcher.data && !fetcher.data.ok ? fetcher.data : null
	const stageError = failed?.errors.toStage
	return (
		<fetcher.Form key={lead.stage} method="post" action={LEAD_MOVE_ACTION} className="lead-move-form">
			<input type="hidden" name="leadId" value={lead.id} />
			<select
				name="toStage"
				id={id}
				required
				defaultValue=""
				aria-label={t('leads.board.moveLabel', { company: lead.company.name })}
				{...fieldAria(id, stageError)}
			>
				<option value="" disabled>
					{t('leads.board.moveTo')}
				</option>
				{targets.map((stage) => (
					<option key={stage} value={stage}>
						{t(`leads.stages.${stage}`)}
					</option>
				))}
			</select>
			<button type="submit" disabled={fetcher.state !== 'idle'}>
				{t('leads.board.move')}
			</button>
			<FieldError id={id} message={stageError} />
			<ErrorList messages={[failed?.formError]} />
		</fetcher.Form>
	)
}
