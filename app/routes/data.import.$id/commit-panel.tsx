import { Form, useFetcher, useNavigate, useNavigation, useRevalidator } from '@remix-run/react'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorList } from '~/components/forms'
import { type ImportJobView } from '~/models/import-job.server'
import { type Preview } from './preview-parts'

/**
 * The commit button, then a progress bar polled from the job's resource route until the job ends.
 * Without a summary (the page was loaded while the commit ran, or the rows could not be checked:
 * `unchecked`) it shows the progress only.
 */
export function CommitPanel({ summary, unchecked, initialJob }: { summary: Preview['summary'] | null; unchecked: boolean; initialJob: ImportJobView | null }) {
	const { t } = useTranslation()
	const navigation = useNavigation()
	const navigate = useNavigate()
	const revalidator = useRevalidator()
	const poll = useFetcher<ImportJobView>()
	// A poll of an earlier run (before a retry) is older than the retry's own answer.
	const polled = poll.data && (!initialJob || poll.data.startedAt >= initialJob.startedAt) ? poll.data : null
	const job = polled ?? initialJob
	const jobId = job?.id ?? null
	const running = job?.status === 'running'

	// The fetcher's load() is the same function on every render (the fetcher object is not), so the timer is
	// restarted only for another job or when the job ends.
	const loadJob = poll.load
	useEffect(() => {
		if (!jobId || !running) return
		const timer = setInterval(() => void loadJob(`/data/import/jobs/${jobId}`), 500)
		return () => clearInterval(timer)
	}, [jobId, running, loadJob])

	const finished = job?.status === 'committed' ? job.result : null
	useEffect(() => {
		if (finished?.batchId) navigate(`/data/import?batch=${finished.batchId}`)
		else if (finished) navigate('/data/import')
	}, [finished, navigate])

	const failed = job?.status === 'failed' ? job.error : null
	// A commit that ended without writing leaves the upload to fix: the page loads its preview again.
	const ended = job !== null && job.status !== 'running' && job.status !== 'committed'
	useEffect(() => {
		if (ended && !summary && !unchecked && revalidator.state === 'idle') revalidator.revalidate()
	}, [ended, summary, unchecked, revalidator])

	const blocking = summary?.blocking ?? 0
	const writes = summary ? summary.create + summary.update : 0
	const submitting = navigation.state === 'submitting' && navigation.formData?.get('intent') === 'commit'
	return (
		<section className="import-commit" aria-live="polite">
			{blocking > 0 ? <p className="form-error">{t('importer.commit.blocked', { count: blocking })}</p> : null}
			{summary && blocking === 0 && writes === 0 ? <p className="muted">{t('importer.commit.nothing')}</p> : null}
			{failed ? (
				<div data-testid="import-failed">
					<ErrorList messages={[failed]} />
				</div>
			) : null}
			{job?.status === 'interrupted' ? (
				<div data-testid="import-interrupted">
					<ErrorList messages={['importer.commit.interrupted']} />
				</div>
			) : null}
			{running ? (
				<div data-testid="import-running">
					<p>{t('importer.commit.running')}</p>
					<progress
						className="import-progress"
						value={job?.done ?? 0}
						max={Math.max(job?.total ?? 0, 1)}
						aria-label={t('importer.commit.running')}
						data-testid="import-progress"
					/>{' '}
					<span className="muted">{t('importer.commit.progress', { done: job?.done ?? 0, total: job?.total ?? 0 })}</span>
				</div>
			) : summary ? (
				<Form method="post">
					<input type="hidden" name="intent" value="commit" />
					<button type="submit" className="button-primary" disabled={blocking > 0 || writes === 0 || submitting} data-testid="import-commit">
						{t('importer.commit.button')}
					</button>
				</Form>
			) : null}
		</section>
	)
}
