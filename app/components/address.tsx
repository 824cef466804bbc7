import { useTranslation } from 'react-i18next'

/**
 * What clientAddressOf (request-context.server.ts) records when the server did
 * not know the client's address; a test keeps the two equal. Repeated here
 * because that module is server-only.
 */
export const UNKNOWN_ADDRESS_TEXT = 'unknown'

/** A recorded client address: the address, "unknown" in the user's language, or a dash where there was no request. */
export function Address({ ip, unknownWhenMissing = false }: { ip: string | null; unknownWhenMissing?: boolean }) {
	const { t } = useTranslation()
	if (ip === UNKNOWN_ADDRESS_TEXT || (ip === null && unknownWhenMissing)) return <span className="muted">{t('app.unknown')}</span>
	return <span className="mono">{ip ?? '—'}</span>
}
