import { useTranslation } from 'react-i18next'

/** Marks illustrative rows so nobody mistakes them for sourced facts. */
export function SampleBadge({ show }: { show: boolean }) {
	const { t } = useTranslation()
	if (!show) return null
	return (
		<span className="badge badge-sample" title={t('app.sampleHint')}>
			{t('app.sample')}
		</span>
	)
}
