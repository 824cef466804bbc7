import { useTranslation } from 'react-i18next'
import { DEFAULT_GAP_SETTINGS, GAP_SETTING_SOURCES, type GapSettings } from '~/domain/chain/gap-analysis'
import { useLocale } from '~/i18n/use-localized'
import { formatCNY } from '~/utils/format'

/** The thresholds behind every flag, each with where it comes from. */
export function GapSettingsTable({ settings = DEFAULT_GAP_SETTINGS }: { settings?: GapSettings }) {
	const { t } = useTranslation()
	const locale = useLocale()
	const show = (key: keyof GapSettings) => {
		const value = settings[key]
		if (key === 'leaderRevenueCNY') return formatCNY(value as number, locale)
		if (key === 'leaderTags') return (value as readonly string[]).map((tag) => t(`tags.${tag}`, { defaultValue: tag })).join('、')
		if (key === 'singleFirmShare' || key === 'shortfallCoverage' || key === 'severeShortfallCoverage') return `${Math.round((value as number) * 100)}%`
		return String(value)
	}
	return (
		<details className="gap-settings">
			<summary>{t('gaps.settingsTitle')}</summary>
			<table className="data-table stack-table" data-testid="gap-settings">
				<tbody>
					{(Object.keys(GAP_SETTING_SOURCES) as (keyof GapSettings)[]).map((key) => (
						<tr key={key}>
							<th scope="row">{t(`gaps.settings.${key}`)}</th>
							<td className="num">{show(key)}</td>
							<td className="source">{GAP_SETTING_SOURCES[key]}</td>
						</tr>
					))}
				</tbody>
			</table>
		</details>
	)
}
