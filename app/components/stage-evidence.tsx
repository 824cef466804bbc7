import { useFetcher } from '@remix-run/react'
import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import { type CountedFactChange } from '~/domain/project/counted-facts'
import { MAX_EVIDENCE_BYTES } from '~/domain/project/evidence-file'
import {
	type EvidenceActionResult,
	MAX_DOC_NUMBER_LENGTH,
	MAX_REVIEW_NOTE_LENGTH,
	type VerificationState,
	type VerifiedStage,
} from '~/domain/project/verification'
import { type Locale } from '~/i18n/i18n'
import { useLocale } from '~/i18n/use-localized'
import { formatCNY, formatDateTime } from '~/utils/format'
import { ErrorList, FieldError, fieldAria } from './forms'
import { SampleBadge } from './sample-badge'

export type StageEvidenceView = {
	stage: VerifiedStage
	date: string
	state: VerificationState
	changes: CountedFactChange[]
	seen: string | null
	evidence: {
		docNumber: string | null
		fileName: string | null
		fileBytes: number | null
		fileSha256: string | null
		submittedAt: Date | string
		submittedBy: { name: string } | null
		reviewedAt: Date | string | null
		reviewedBy: { name: string } | null
		reviewNote: string | null
		isSample: boolean
	} | null
}

/** The badge of a stage's 核验 state; also used in quota lists. */
export function VerificationBadge({ state }: { state: VerificationState }) {
	const { t } = useTranslation()
	const tone = state === 'verified' ? 'badge-ok' : state === 'rejected' ? 'badge-danger' : 'badge-warn'
	return (
		<span className={`badge ${tone}`} data-verification={state}>
			{t(`evidence.states.${state}`)}
		</span>
	)
}

/**
 * 核验 on the project page: for each reached 签约/开工/投产, its evidence and
 * state, a form to attach evidence (those who answer for the project) and the
 * manager's verify/reject form.
 */
export function StageEvidencePanel({
	projectId,
	stages,
	canSubmit,
	canReview,
}: {
	projectId: string
	stages: StageEvidenceView[]
	canSubmit: boolean
	canReview: boolean
}) {
	const { t } = useTranslation()
	if (stages.length === 0) return <p className="muted">{t('evidence.noneReached')}</p>
	return (
		<div className="evidence-list">
			{stages.map((stage) => (
				<StageEvidenceCard key={stage.stage} projectId={projectId} view={stage} canSubmit={canSubmit} canReview={canReview} />
			))}
		</div>
	)
}

function StageEvidenceCard({ projectId, view, canSubmit, canReview }: { projectId: string; view: StageEvidenceView; canSubmit: boolean; canReview: boolean }) {
	const { t } = useTranslation()
	const locale = useLocale()
	const { evidence } = view
	const url = `/projects/${projectId}/evidence/${view.stage}`
	const stageName = t(`projects.stages.${view.stage}`)
	// Seeded sample evidence has no author: say so rather than "account deleted".
	const nameOf = (user: { name: string } | null) => user?.name ?? t(evidence?.isSample ? 'app.sample' : 'evidence.unknownUser')
	return (
		<article
			className="evidence-card"
			data-state={view.state}
			data-testid={`evidence-${view.stage}`}
			aria-label={t('evidence.cardLabel', { stage: stageName })}
		>
			<header className="evidence-head">
				<strong>{stageName}</strong> <span className="muted">{view.date}</span> <VerificationBadge state={view.state} />{' '}
				<SampleBadge show={evidence?.isSample ?? false} />
			</header>
			<p className="muted evidence-state-hint">{t(`evidence.stateHints.${view.state}`)}</p>
			{evidence ? (
				<dl className="figures evidence-facts">
					<dt>{t('evidence.docNumber')}</dt>
					<dd>{evidence.docNumber ?? t('app.none')}</dd>
					<dt>{t('evidence.file')}</dt>
					<dd>
						{evidence.fileName && evidence.fileSha256 ? (
							<>
								<a href={url} data-testid={`evidence-file-${view.stage}`}>
									{evidence.fileName}
								</a>{' '}
								<span className="muted">
									{formatBytes(evidence.fileBytes ?? 0, locale)} · SHA-256 <code title={evidence.fileSha256}>{evidence.fileSha256.slice(0, 12)}…</code>
								</span>
							</>
						) : (
							t('app.none')
						)}
					</dd>
					<dt>{t('evidence.submitted')}</dt>
					<dd>
						{nameOf(evidence.submittedBy)} · {formatDateTime(evidence.submittedAt)}
					</dd>
					{evidence.reviewedAt ? (
						<>
							<dt>{t(view.state === 'rejected' ? 'evidence.rejectedBy' : 'evidence.verifiedBy')}</dt>
							<dd>
								{nameOf(evidence.reviewedBy)} · {formatDateTime(evidence.reviewedAt)}
								{evidence.reviewNote ? <span className="evidence-note"> · {evidence.reviewNote}</span> : null}
							</dd>
						</>
					) : evidence.reviewNote ? (
						<>
							<dt>{t('evidence.note')}</dt>
							<dd>{evidence.reviewNote}</dd>
						</>
					) : null}
				</dl>
			) : null}
			{view.changes.length > 0 ? (
				<div className="callout-warn" role="note" data-testid={`evidence-changes-${view.stage}`}>
					{t('evidence.changedSince')}
					<ul>
						{view.changes.map((change) => (
							<li key={change.field}>
								<FactChange change={change} locale={locale} />
							</li>
						))}
					</ul>
				</div>
			) : null}
			{canReview && view.seen && view.state !== 'verified' && view.state !== 'rejected' ? (
				<ReviewForm url={url} seen={view.seen} stageName={stageName} />
			) : null}
			{canSubmit ? (
				// Replacing evidence that is in makes the stage wait for a manager again: tucked away unless there is nothing to keep.
				view.state === 'missing' || view.state === 'rejected' ? (
					<EvidenceForm url={url} docNumber={evidence?.docNumber ?? ''} hasFile={Boolean(evidence?.fileSha256)} stageName={stageName} />
				) : (
					<details className="evidence-replace">
						<summary>{t('evidence.replace')}</summary>
						<EvidenceForm url={url} docNumber={evidence?.docNumber ?? ''} hasFile={Boolean(evidence?.fileSha256)} stageName={stageName} />
					</details>
				)
			) : null}
		</article>
	)
}

function FactChange({ change, locale }: { change: CountedFactChange; locale: Locale }) {
	const { t } = useTranslation()
	const label = t(`closedPeriods.fields.${change.field}`)
	// Unit and link ids mean nothing to a reader: say that they changed, the project facts above show the new ones.
	if (change.field === 'responsibleUnitId' || change.field === 'linkIds') return <>{t('evidence.factChanged', { field: label })}</>
	const value = (text: string | null) => {
		if (text === null) return t('app.none')
		if (change.field === 'investmentCNY' || change.field === 'incrementCNY') return formatCNY(Number(text), locale)
		if (change.field === 'isClusterLeading') return text === 'true' ? t('app.yes') : t('app.no')
		if (change.field === 'type') return t(`projects.types.${text}`, { defaultValue: text })
		return text
	}
	return <>{t('evidence.factChange', { field: label, before: value(change.before), after: value(change.after) })}</>
}

function formatBytes(bytes: number, locale: Locale) {
	const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 })
	return bytes >= 1024 * 1024 ? `${number.format(bytes / 1024 / 1024)} MB` : `${number.format(Math.max(1, Math.round(bytes / 1024)))} KB`
}

function useEvidenceFetcher() {
	const fetcher = useFetcher<EvidenceActionResult>()
	const failed = fetcher.data && !fetcher.data.ok ? fetcher.data : null
	// One form per stage on the page: the ids of its controls (and their errors) are its own.
	const id = useId()
	return {
		fetcher,
		errors: failed?.errors ?? {},
		formError: failed?.formError ?? null,
		busy: fetcher.state !== 'idle',
		idOf: (field: string) => `${id}${field}`,
	}
}

function EvidenceForm({ url, docNumber, hasFile, stageName }: { url: string; docNumber: string; hasFile: boolean; stageName: string }) {
	const { t } = useTranslation()
	const { fetcher, errors, formError, busy, idOf } = useEvidenceFetcher()
	const maxMb = MAX_EVIDENCE_BYTES / 1024 / 1024
	const saved = fetcher.data?.ok && fetcher.state === 'idle'
	return (
		<fetcher.Form
			method="post"
			action={url}
			encType="multipart/form-data"
			className="evidence-form"
			aria-label={t('evidence.submitLabel', { stage: stageName })}
		>
			<label>
				{t('evidence.docNumber')}{' '}
				<input
					name="docNumber"
					id={idOf('docNumber')}
					defaultValue={docNumber}
					maxLength={MAX_DOC_NUMBER_LENGTH}
					placeholder={t('evidence.docNumberPlaceholder')}
					{...fieldAria(idOf('docNumber'), errors.docNumber)}
				/>
			</label>
			<label>
				{t(hasFile ? 'evidence.replaceFile' : 'evidence.file')}{' '}
				<input type="file" name="file" id={idOf('file')} accept="application/pdf,image/png,image/jpeg,image/webp" {...fieldAria(idOf('file'), errors.file)} />
			</label>
			<span className="muted">{t('evidence.fileHint', { maxMb })}</span>
			<button type="submit" disabled={busy}>
				{t('evidence.submit')}
			</button>
			{saved ? (
				<span className="form-success" role="status">
					{t('evidence.submitted_ok')}
				</span>
			) : null}
			{/* The errors follow the row of controls, each tied to its control (aria-describedby). */}
			<FieldError id={idOf('docNumber')} message={errors.docNumber} />
			<FieldError id={idOf('file')} message={errors.file} params={{ maxMb }} />
			<ErrorList messages={[formError]} />
		</fetcher.Form>
	)
}

function ReviewForm({ url, seen, stageName }: { url: string; seen: string; stageName: string }) {
	const { t } = useTranslation()
	const { fetcher, errors, formError, busy, idOf } = useEvidenceFetcher()
	return (
		<fetcher.Form method="post" action={url} className="evidence-review" aria-label={t('evidence.reviewLabel', { stage: stageName })}>
			<input type="hidden" name="intent" value="review" />
			<input type="hidden" name="seen" value={seen} />
			<label>
				{t('evidence.note')}{' '}
				<input
					name="note"
					id={idOf('note')}
					maxLength={MAX_REVIEW_NOTE_LENGTH}
					placeholder={t('evidence.notePlaceholder')}
					{...fieldAria(idOf('note'), errors.note)}
				/>
			</label>
			<button type="submit" name="decision" value="verify" className="button-primary" disabled={busy}>
				{t('evidence.verify')}
			</button>
			<button type="submit" name="decision" value="reject" disabled={busy}>
				{t('evidence.reject')}
			</button>
			<FieldError id={idOf('note')} message={errors.note} />
			<ErrorList messages={[formError]} />
		</fetcher.Form>
	)
}
