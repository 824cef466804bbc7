import { useTranslation } from 'react-i18next'

/** A tag with the year it was granted (认定), when known. */
type GrantedTag = { tag: string; grantedYear: number | null }

/** Company tags (专精特新, 小巨人, 链主…) as badges in the current language, with their 认定 year where given. */
export function TagBadges({ tags }: { tags: readonly (string | GrantedTag)[] }) {
	const { t } = useTranslation()
	return (
		<>
			{tags.map((item) => {
				const { tag, grantedYear } = typeof item === 'string' ? { tag: item, grantedYear: null } : item
				const name = t(`tags.${tag}`, { defaultValue: tag })
				return (
					<span key={tag} className="badge">
						{grantedYear === null ? name : t('companies.tagWithYear', { tag: name, year: grantedYear })}
					</span>
				)
			})}
		</>
	)
}
