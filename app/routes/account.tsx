import { type ActionFunctionArgs, data, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { userText } from '~/domain/text/text-field'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { SessionExpiryNote, SessionTable } from '~/components/session-table'
import { prisma } from '~/db.server'
import { PASSWORD_CHANGE_PATH } from '~/domain/auth/password-change-gate'
import { useLocalizedName } from '~/i18n/use-localized'
import { listUserSessions, revokeUserSession } from '~/models/session.server'
import { getAccount } from '~/models/user.server'
import { assertSameOrigin, requireUser, signedOutRedirect } from '~/utils/auth.server'
import { getEnv } from '~/utils/env.server'
import { formatDateTime } from '~/utils/format'
import { clientAddressOf } from '~/utils/request-context.server'
import { pageTitle } from '~/utils/page-title'

export async function loader({ request }: LoaderFunctionArgs) {
	const user = await requireUser(request)
	const [account, sessions] = await Promise.all([getAccount(prisma, user.id), listUserSessions(prisma, user.id, new Date())])
	if (!account) throw new Response('Account not found', { status: 404 })
	const env = getEnv()
	return {
		account,
		// This device first, then the others by last use.
		sessions: sessions.map((s) => ({ ...s, current: s.id === user.sessionId })).sort((a, b) => Number(b.current) - Number(a.current)),
		expiry: { idleMinutes: env.SESSION_IDLE_MINUTES, maxDays: env.SESSION_MAX_DAYS },
	}
}

const revokeSchema = z.object({ intent: z.literal('revoke'), sessionId: userText().min(1) })

export async function action({ request, context }: ActionFunctionArgs) {
	assertSameOrigin(request)
	const user = await requireUser(request)
	const parsed = revokeSchema.safeParse(Object.fromEntries(await request.formData()))
	if (!parsed.success) throw new Response('Unknown form', { status: 400 })
	const revoked = await revokeUserSession(prisma, user.id, parsed.data.sessionId, { id: user.id, address: clientAddressOf(context) })
	if (!revoked) return data({ ok: false as const, message: 'sessions.notFound' }, { status: 404 })
	if (parsed.data.sessionId === user.sessionId) return signedOutRedirect(request)
	return { ok: true as const, message: 'sessions.revoked' }
}

export const handle = pageTitle('account.title')

export default function AccountPage() {
	const { account, sessions, expiry } = useLoaderData<typeof loader>()
	const result = useActionData<typeof action>()
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
					{t('account.passwordChanged')} {Number(endedByChange) > 0 ? t('account.otherSessionsEnded', { n: Number(endedByChange) }) : null}
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
				{result ? (
					<p className={result.ok ? 'form-success' : 'form-error'} role={result.ok ? 'status' : 'alert'}>
						{t(result.message)}
					</p>
				) : null}
				<SessionTable sessions={sessions} />
				<SessionExpiryNote {...expiry} />
			</section>
		</div>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
