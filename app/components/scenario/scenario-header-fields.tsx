import { useTranslation } from 'react-i18next'
import { fieldAria, FieldError } from '~/components/forms'
import { SCENARIO_NAME_MAX, SCENARIO_NOTE_MAX } from '~/domain/scenario/scenario-schema'

/** A scenario's name, note and year: the fields of the new-scenario form and of a scenario's settings. */
export function ScenarioHeaderFields({
	defaults,
	errors,
}: {
	defaults: { name?: string; note?: string; year: number }
	errors: Partial<Record<'name' | 'note' | 'year', string>>
}) {
	const { t } = useTranslation()
	return (
		<>
			<label htmlFor="scenario-name">
				{t('scenarios.name')}
				<input
					name="name"
					id="scenario-name"
					required
					maxLength={SCENARIO_NAME_MAX}
					defaultValue={defaults.name}
					{...fieldAria('scenario-name', errors.name)}
				/>
			</label>
			<FieldError id="scenario-name" message={errors.name} />
			<label htmlFor="scenario-note">
				{t('scenarios.note')}
				<textarea
					name="note"
					id="scenario-note"
					rows={2}
					maxLength={SCENARIO_NOTE_MAX}
					defaultValue={defaults.note}
					{...fieldAria('scenario-note', errors.note)}
				/>
			</label>
			<FieldError id="scenario-note" message={errors.note} />
			<label htmlFor="scenario-year">
				{t('scenarios.year')}{' '}
				<input
					type="number"
					name="year"
					id="scenario-year"
					min={2000}
					max={2100}
					required
					defaultValue={defaults.year}
					className="input-year"
					{...fieldAria('scenario-year', errors.year)}
				/>
			</label>
			<FieldError id="scenario-year" message={errors.year} />
		</>
	)
}
