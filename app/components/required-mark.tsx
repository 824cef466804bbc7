import { type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'

/**
 * The star after a required field's label. Screen readers hear `required` on
 * the control itself, so the star is for the eye only; RequiredLegend says what
 * it means once per form.
 */
export function RequiredMark() {
	const { t } = useTranslation()
	return (
		<span className="required-mark" aria-hidden="true" title={t('validation.requiredMark')}>
			{' *'}
		</span>
	)
}

/** A field's label text, with the star when the field is required (one inline box, so the star stays beside it). */
export function FieldLabel({ children, required = false }: { children: ReactNode; required?: boolean }) {
	return (
		<span>
			{children}
			{required ? <RequiredMark /> : null}
		</span>
	)
}

export function RequiredLegend() {
	const { t } = useTranslation()
	return <p className="muted required-legend">{t('validation.requiredLegend')}</p>
}
