import { type ActionFunctionArgs, data, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ErrorList } from '~/components/forms'
import { SessionExpiryNote, SessionTable } from '~/components/session-table'
import { prisma } from '~/db.server'
import { PASSWORD_CHANGE_PATH } from '~/domain/auth/password-change-gate'
import { userText } from '~/domain/text/text-field'
import { getLocale } from '~/i18n/locale.server'
import { useLocalizedName } from '~/i18n/use-localized'
import { createCalendarFeed, getCalendarFeed, revokeCalendarFeed } from '~/models/calendar.server'
import { listUserSessions, revokeUserSession } from '~/models/session.server'
import { getAccount } from '~/models/user.server'
import { assertSameOrigin, requireUser, signedOutRedirect } from '~/utils/auth.server'
import { getEnv } from '~/utils/env.server'
import { formatDateTime } from '~/utils/format'
import { type ActionResult, refusal } from '~/utils/forms'
import { pageTitle } from '~/utils/page-title'
import { clientAddressOf } from '~/utils/request-context.server'

export async function loader({ request }: LoaderFunctionArgs) {
	const user = await requireUser(request)
	const [account, sessions, feed] = await Promise.all([
		getAccount(prisma, user.id),
		listUserSessions(prisma, user.id, new Date()),
		getCalendarFeed(prisma, user.id),
	])
	if (!account) throw new Response('Account not found', { status: 404 })
	const env = getEnv()
	return {
		account,
		// This device first, then the others by last use.
		sessions: sessions.map((s) => ({ ...s, current: s.id === user.sessionId })).sort((a, b) => Number(b.current) - Number(a.current)),
		expiry: { idleMinutes: env.SESSION_IDLE_MINUTES, maxDays: env.SESSION_MAX_DAYS },
		feed,
	}
}

const accountFormSchema = z.discriminatedUnion('intent', [
	z.object({ intent: z.literal('revoke'), sessionId: userText().min(1) }),
	// The calendar feed (ADR 0039): a new token (replacing any), or none.
	z.object({ intent: z.literal('feed-create') }),
	z.object({ intent: z.literal('feed-revoke') }),
])

/** Which form the answer is for (the sessions table or the calendar feed) and, when it worked, the notice to show. */
type AccountIntent = z.infer<typeof accountFormSchema>['intent']
type AccountResult = ActionResult<{ intent: AccountIntent; notice: string; feedUrl?: string }, { intent: AccountIntent }>

export async function action({ request, context }: ActionFunctionArgs) {
	assertSameOrigin(request)
	const user = await requireUser(request)
	const parsed = accountFormSchema.safeParse(Object.fromEntries(await request.formData()))
	if (!parsed.success) throw new Response('Unknown form', { status: 400 })
	if (parsed.data.intent === 'feed-create') {
		const token = await createCalendarFeed(prisma, user.id, { id: user.id, address: clientAddressOf(context) })
		const locale = await getLocale(request)
		// Shown once: only the token's hash is kept.
		const feedUrl = `${new URL(request.url).origin}/calendar/feed/${token}.ics${locale === 'en' ? '?lang=en' : ''}`
		return data<AccountResult>({ ok: true, intent: 'feed-create', notice: 'calendar.feed.created', feedUrl })
	}
	if (parsed.data.intent === 'feed-revoke') {
		const revoked = await revokeCalendarFeed(prisma, user.id, { id: user.id, address: clientAddressOf(context) })
		if (!revoked) return data<AccountResult>({ ...refusal({}, 'calendar.feed.none'), intent: 'feed-revoke' }, { status: 404 })
		return data<AccountResult>({ ok: true, intent: 'feed-revoke', notice: 'calendar.feed.revoked' })
	}
	const revoked = await revokeUserSession(prisma, user.id, parsed.data.sessionId, { id: user.id, address: clientAddressOf(context) })
	if (!revoked) return data<AccountResult>({ ...refusal({}, 'sessions.notFound'), intent: 'revoke' }, { status: 404 })
	if (parsed.data.sessionId === user.sessionId) return signedOutRedirect(request)
	return data<AccountResult>({ ok: true, intent: 'revoke', notice: 'sessions.revoked' })
}

export const handle = pageTitle('account.title')

export default function AccountPage() {
	const { account, sessions, expiry, feed } = useLoaderData<typeof loader>()
	const result = useActionData<typeof action>()
	const sessionsResult = result?.intent === 'revoke' ? result : null
	const feedResult = result && result.intent !== 'revoke' ? result : null
	const [searchParams] = useSearchParams()
	const { t } = useTranslation()
	const localized = useLocalizedName()
	// Set by /account/password after a change: how many other sessions it ended.
	const endedByChange = searchParams.get('passwordChanged')

	return (
		<div className="account-page">
			<h1>{t('account.title')}</h1>
			{endedByChange !== null ? (
				<p className="form-success" role="status">
					{t('account.passwordChanged')} {Number(endedByChange) > 0 ? t('account.otherSessionsEnded', { count: Number(endedByChange) }) : null}
				</p>
			) : null}

			<section aria-labelledby="account-profile" className="panel">
				<h2 id="account-profile">{t('account.profile')}</h2>
				<dl className="facts">
					<dt>{t('users.name')}</dt>
					<dd>{account.name}</dd>
					<dt>{t('users.username')}</dt>
					<dd className="mono">{account.username}</dd>
					<dt>{t('users.role')}</dt>
					<dd>{t(`roles.${account.role}`, { defaultValue: account.role })}</dd>
					<dt>{t('users.unit')}</dt>
					<dd>{localized(account.unit) || t('users.noUnit')}</dd>
					<dt>{t('account.passwordChangedAt')}</dt>
					<dd>{formatDateTime(account.password?.changedAt) || '—'}</dd>
				</dl>
				<p>
					<Link to={PASSWORD_CHANGE_PATH} className="button-primary button-as-link">
						{t('account.changePassword')}
					</Link>
				</p>
			</section>

			<section aria-labelledby="account-sessions" className="panel">
				<h2 id="account-sessions">{t('sessions.title')}</h2>
				<p className="intro">{t('account.sessionsIntro')}</p>
				<ResultNotice result={sessionsResult} />
				<SessionTable sessions={sessions} />
				<SessionExpiryNote {...expiry} />
			</section>

			<section aria-labelledby="calendar-feed" className="panel" data-testid="calendar-feed">
				<h2 id="calendar-feed">{t('calendar.feed.title')}</h2>
				<p className="intro">{t('calendar.feed.intro')}</p>
				<ResultNotice result={feedResult} />
				{feedResult?.ok && feedResult.feedUrl ? (
					<label className="feed-url">
						<span>{t('calendar.feed.urlLabel')}</span>
						<input readOnly value={feedResult.feedUrl} className="input-wide mono" data-testid="feed-url" onFocus={(e) => e.currentTarget.select()} />
					</label>
				) : null}
				{feed ? (
					<p className="muted">
						{t('calendar.feed.createdAt', { at: formatDateTime(feed.createdAt) })} ·{' '}
						{feed.lastReadAt ? t('calendar.feed.lastRead', { at: formatDateTime(feed.lastReadAt) }) : t('calendar.feed.neverRead')}
					</p>
				) : (
					<p className="muted">{t('calendar.feed.none')}</p>
				)}
				<div className="form-row">
					<Form method="post">
						<input type="hidden" name="intent" value="feed-create" />
						<button type="submit" className={feed ? undefined : 'button-primary'}>
							{feed ? t('calendar.feed.regenerate') : t('calendar.feed.create')}
						</button>
					</Form>
					{feed ? (
						<Form method="post">
							<input type="hidden" name="intent" value="feed-revoke" />
							<button type="submit" className="button-danger">
								{t('calendar.feed.revoke')}
							</button>
						</Form>
					) : null}
				</div>
			</section>
		</div>
	)
}

/** What a form of the page answered: its notice when it worked, its refusal when not. */
function ResultNotice({ result }: { result: AccountResult | null }) {
	const { t } = useTranslation()
	if (!result) return null
	if (!result.ok) return <ErrorList messages={[result.formError]} />
	return (
		<p className="form-success" role="status">
			{t(result.notice)}
		</p>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
