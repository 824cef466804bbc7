import { Form, useActionData, useNavigation, useSubmit } from '@remix-run/react'
import { type FormEvent, type InputHTMLAttributes, type ReactNode } from 'react'
import { type DefaultValues, type FieldValues, type Path, type Resolver, useForm } from 'react-hook-form'
import { useTranslation } from 'react-i18next'
import { useFormFields } from '~/components/forms'
import { type ChainEditIntent } from '~/domain/chain/edit-schemas'
import { LINK_STAGES } from '~/domain/chain/link-stages'
import { formValues, type FormValues, rowKeyOf } from './action-result'
import type { action } from './route'

/**
 * One edit form for one table row. The inputs sit in the row's cells and join the
 * <form> in the last cell through their `form` attribute. react-hook-form checks
 * them with the shared zod schema before posting; the action checks again and,
 * on refusal, sends back the values and errors (shown here, input kept).
 */
export function useRowForm<TInput extends FieldValues, TOutput>(
	resolver: Resolver<TInput, unknown, TOutput>,
	intent: ChainEditIntent,
	rowKey: string,
	defaults: (failedValues: FormValues | null) => TInput,
) {
	const actionData = useActionData<typeof action>()
	const navigation = useNavigation()
	const submit = useSubmit()
	const mine = actionData && actionData.intent === intent && actionData.rowKey === rowKey ? actionData : null
	const failed = mine && !mine.ok ? mine : null
	const initial = defaults(failed ? failed.values : null)
	const form = useForm<TInput, unknown, TOutput>({ resolver, defaultValues: initial as DefaultValues<TInput> })
	const initialValue = (name: Path<TInput>): unknown => (initial as Record<string, unknown>)[name]
	/**
	 * register() plus the initial value as an HTML attribute: react-hook-form fills
	 * inputs only after hydration, and the server-rendered form must already show
	 * (and, without JavaScript, post) the stored values rather than blanks.
	 */
	const bind = (name: Path<TInput>) => {
		const value = initialValue(name)
		return { ...form.register(name), defaultValue: typeof value === 'string' ? value : '' }
	}
	const bindCheckbox = (name: Path<TInput>) => ({ ...form.register(name), defaultChecked: initialValue(name) === true })
	const pendingValues = navigation.formData ? formValues(navigation.formData) : null
	const pending = pendingValues !== null && pendingValues.intent === intent && rowKeyOf(pendingValues) === rowKey
	const formId = `${intent}-${rowKey}`

	// Each field's error (the client's check, else the action's) under it, tied to the control (aria-invalid, aria-describedby).
	const fields = useFormFields(form, failed?.errors ?? {})
	/** An input of this row's form, labelled for screen readers, with its error below. */
	const field = (name: Path<TInput>, label: string, props: InputHTMLAttributes<HTMLInputElement> = {}) => (
		<>
			<input form={formId} aria-label={label} {...fields.aria(name)} {...props} {...bind(name)} />
			{fields.errorFor(name)}
		</>
	)
	const onSubmit = (event: FormEvent<HTMLFormElement>) => {
		const target = event.currentTarget
		event.preventDefault()
		void form.handleSubmit(() => submit(target, { preventScrollReset: true }))(event)
	}
	return { form, formId, bind, bindCheckbox, field, errorFor: fields.errorFor, aria: fields.aria, onSubmit, pending, succeeded: mine?.ok ? mine : null }
}

export function SaveForm({
	formId,
	onSubmit,
	pending,
	label,
	children,
}: {
	formId: string
	onSubmit: (event: FormEvent<HTMLFormElement>) => void
	pending: boolean
	label: string
	children: ReactNode
}) {
	const { t } = useTranslation()
	return (
		<Form method="post" id={formId} className="inline-form" noValidate preventScrollReset onSubmit={onSubmit}>
			{children}
			<button type="submit" className="button-primary" disabled={pending}>
				{pending ? t('chainEdit.saving') : label}
			</button>
		</Form>
	)
}

/** A row's delete: its id, the version and the values the row shows (ADR 0015), asked to be confirmed first. */
export function DeleteForm({ values, confirmText }: { values: FormValues; confirmText: string }) {
	const { t } = useTranslation()
	return (
		<Form
			method="post"
			className="inline-form"
			preventScrollReset
			onSubmit={(event) => {
				if (!window.confirm(confirmText)) event.preventDefault()
			}}
		>
			{Object.entries(values).map(([name, value]) => (
				<input key={name} type="hidden" name={name} value={value} />
			))}
			<button type="submit" className="button-danger">
				{t('chainEdit.delete')}
			</button>
		</Form>
	)
}

/** The stage of a link; `aria` ties it to its error (see useRowForm). */
export function StageSelect({ formId, label, aria, register }: { formId: string; label: string; aria: object; register: object }) {
	const { t } = useTranslation()
	return (
		<select form={formId} aria-label={label} {...aria} {...register}>
			{LINK_STAGES.map((stage) => (
				<option key={stage} value={stage}>
					{t(`stages.${stage}`)}
				</option>
			))}
		</select>
	)
}
