import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ErrorList } from '~/components/forms'
import { ScenarioHeaderFields } from '~/components/scenario/scenario-header-fields'
import { prisma } from '~/db.server'
import { actorOf } from '~/domain/auth/record-access'
import { canCreateScenario } from '~/domain/scenario/access'
import { scenarioHeaderRefusal, scenarioHeaderSchema } from '~/domain/scenario/scenario-schema'
import { useLocale, useLocalizedName } from '~/i18n/use-localized'
import { createScenario, listScenarios, loadChain } from '~/models/scenario.server'
import { requirePermission } from '~/utils/auth.server'
import { type Refusal, refusalOf } from '~/utils/forms'
import { pageTitle } from '~/utils/page-title'
import { clientAddressOf } from '~/utils/request-context.server'
import { readUrlYear } from '~/utils/url-period'
import { UserError } from '~/utils/user-error'

/**
 * /chains/:slug/scenarios: 情景推演 (ADR 0035) — the chain's saved scenarios the viewer's regions hold,
 * and a new one (name, note, analysis year) for staff and managers.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'read:any')
	const chain = await loadChain(prisma, params.slug ?? '')
	if (!chain) throw new Response('Chain not found', { status: 404 })
	const actor = actorOf(user)
	const scenarios = await listScenarios(prisma, chain.id, actor)
	return {
		chain: { slug: chain.slug, name: chain.name, nameEn: chain.nameEn },
		year: readUrlYear(new URL(request.url).searchParams, new Date().getUTCFullYear()),
		scenarios: scenarios.map((s) => ({
			id: s.id,
			name: s.name,
			note: s.note,
			year: s.year,
			changeCount: s.changes.length,
			authorName: s.authorName,
			updatedAt: s.updatedAt,
			canEdit: s.canEdit,
		})),
		canCreate: canCreateScenario(actor),
	}
}

export async function action({ request, params, context }: ActionFunctionArgs) {
	const user = await requirePermission(request, 'write:crm')
	const chain = await loadChain(prisma, params.slug ?? '')
	if (!chain) throw new Response('Chain not found', { status: 404 })
	const form = await request.formData()
	const parsed = scenarioHeaderSchema.safeParse({ name: form.get('name'), note: form.get('note') ?? '', year: form.get('year') })
	if (!parsed.success) return data<Refusal>(scenarioHeaderRefusal(parsed.error), { status: 400 })
	try {
		const created = await createScenario(prisma, { chainId: chain.id, header: parsed.data, actor: actorOf(user), address: clientAddressOf(context) })
		return redirect(`/chains/${chain.slug}/scenarios/${created.id}`)
	} catch (error) {
		if (error instanceof UserError) return data<Refusal>(refusalOf(error), { status: error.status })
		throw error
	}
}

export const handle = pageTitle<Awaited<ReturnType<typeof loader>>>(({ chain }, { t, localized }) => t('scenarios.listTitle', { chain: localized(chain) }))

export default function ScenariosPage() {
	const { chain, scenarios, canCreate, year } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const errors = actionData?.errors ?? {}
	const formError = actionData?.formError ?? null
	const navigation = useNavigation()
	const { t } = useTranslation()
	const locale = useLocale()
	const localized = useLocalizedName()
	const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Shanghai' })
	return (
		<>
			<p className="no-print">
				<Link to={`/chains/${chain.slug}?year=${year}`}>← {localized(chain)}</Link>
			</p>
			<h1>{t('scenarios.listTitle', { chain: localized(chain) })}</h1>
			<p className="intro">{t('scenarios.intro')}</p>

			{scenarios.length === 0 ? (
				<p>{t('scenarios.empty')}</p>
			) : (
				<table className="data-table stack-table" data-testid="scenario-list">
					<thead>
						<tr>
							<th>{t('scenarios.name')}</th>
							<th className="num">{t('scenarios.year')}</th>
							<th className="num">{t('scenarios.changeCount')}</th>
							<th>{t('scenarios.author')}</th>
							<th>{t('scenarios.updatedAt')}</th>
						</tr>
					</thead>
					<tbody>
						{scenarios.map((s) => (
							<tr key={s.id}>
								<td>
									<Link to={s.id}>{s.name}</Link>
									{s.note ? <div className="muted">{s.note}</div> : null}
								</td>
								<td className="num" data-label={t('scenarios.year')}>
									{s.year}
								</td>
								<td className="num" data-label={t('scenarios.changeCount')}>
									{s.changeCount}
								</td>
								<td data-label={t('scenarios.author')}>{s.authorName}</td>
								<td data-label={t('scenarios.updatedAt')}>{dateTime.format(new Date(s.updatedAt))}</td>
							</tr>
						))}
					</tbody>
				</table>
			)}

			{canCreate ? (
				<section aria-labelledby="new-scenario">
					<h2 id="new-scenario">{t('scenarios.new')}</h2>
					<p className="muted">{t('scenarios.newHint')}</p>
					<Form method="post" className="stack narrow">
						<ScenarioHeaderFields defaults={{ year }} errors={errors} />
						<ErrorList messages={[formError]} />
						<button type="submit" disabled={navigation.state === 'submitting'}>
							{t('scenarios.create')}
						</button>
					</Form>
				</section>
			) : null}
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
