import { useTranslation } from 'react-i18next'

/** Company tags (专精特新, 小巨人, 链主…) as badges in the current language. */
export function TagBadges({ tags }: { tags: readonly string[] }) {
	const { t } = useTranslation()
	return (
		<>
			{tags.map((tag) => (
				<span key={tag} className="badge">
					{t(`tags.${tag}`, { defaultValue: tag })}
				</span>
			))}
		</>
	)
}
