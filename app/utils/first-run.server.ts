import { redirect } from '@remix-run/node'
import { prisma } from '~/db.server'
import { SETUP_PATH } from '~/domain/setup/first-run'
import { isSetupPending } from '~/models/first-run.server'

/** Until the first account exists, every page leads to the first-run page. */
export async function redirectToSetupWhilePending(request: Request) {
	if (new URL(request.url).pathname === SETUP_PATH) return
	if (await isSetupPending(prisma)) throw redirect(SETUP_PATH)
}
