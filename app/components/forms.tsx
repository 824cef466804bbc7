import { useSubmit } from '@remix-run/react'
import { type FormEvent, type ReactNode, useId } from 'react'
import { type FieldValues, type Path, type RegisterOptions, type UseFormReturn } from 'react-hook-form'
import { useTranslation } from 'react-i18next'
import { FieldLabel } from '~/components/required-mark'
import { type UserMessage } from '~/utils/user-error'

/**
 * The forms kit's components (#16 §2; the pure helpers are in ~/utils/forms).
 * Forms validate with their zod schema in the browser (react-hook-form) and
 * again in the action; an error shows under its field, is announced
 * (role="alert") and is tied to the control: aria-invalid, and aria-describedby
 * naming the error's id. Messages are i18n keys.
 */

type Params = Record<string, unknown>

/** The id of a field's error, named by the control's aria-describedby. */
export const errorIdOf = (id: string) => `${id}-error`

/** A control's aria attributes: invalid while it has an error; described by its hints and its error. */
export function fieldAria(id: string, error: string | null | undefined, ...describedBy: (string | null | undefined)[]) {
	const ids = [...describedBy, error ? errorIdOf(id) : null].filter(Boolean)
	return { 'aria-invalid': error ? true : undefined, 'aria-describedby': ids.length > 0 ? ids.join(' ') : undefined }
}

/** A field's error message, announced when it appears; nothing without one. `id` is the field's (see errorIdOf). */
export function FieldError({ id, message, params }: { id: string; message: string | null | undefined; params?: Params }) {
	const { t } = useTranslation()
	if (!message) return null
	return (
		<span className="field-error" role="alert" id={errorIdOf(id)}>
			{t(message, params)}
		</span>
	)
}

/**
 * A labelled field: the label (with the required star), the control, a hint and
 * the error. `children` draws the control with the attributes it gets (id and aria).
 */
export function Field({
	id,
	label,
	required = false,
	hint,
	error,
	errorParams,
	className,
	children,
}: {
	id: string
	label: ReactNode
	required?: boolean
	hint?: ReactNode
	error: string | null | undefined
	errorParams?: Params
	className?: string
	children: (control: { id: string } & ReturnType<typeof fieldAria>) => ReactNode
}) {
	const hintId = hint ? `${id}-hint` : null
	return (
		<label className={className} htmlFor={id}>
			<FieldLabel required={required}>{label}</FieldLabel>
			{children({ id, ...fieldAria(id, error, hintId) })}
			{hint ? (
				<span className="field-hint muted" id={hintId ?? undefined}>
					{hint}
				</span>
			) : null}
			<FieldError id={id} message={error} params={errorParams} />
		</label>
	)
}

/**
 * Messages about the whole form (not one field), announced; nothing when there
 * are none. A message is a key (translated with `params`) or a UserMessage
 * carrying its own params (an action refusal's `formError`).
 */
export function ErrorList({ messages, params, id }: { messages: readonly (string | UserMessage | null | undefined)[]; params?: Params; id?: string }) {
	const { t } = useTranslation()
	const shown = messages.filter((m): m is string | UserMessage => !!m).map((m) => (typeof m === 'string' ? { key: m, params } : m))
	if (shown.length === 0) return null
	return (
		<div className="form-error" role="alert" id={id}>
			{shown.map((message) => (
				<p key={message.key}>{t(message.key, message.params)}</p>
			))}
		</div>
	)
}

/**
 * A react-hook-form form's fields with their errors: the client-side message,
 * else the one the action sent back. `register` is react-hook-form's with the aria
 * wiring added; `errorFor` draws the error under a field (its id is unique on the page).
 */
export function useFormFields<T extends FieldValues>(form: UseFormReturn<T, unknown, unknown>, serverErrors: Record<string, string>, params?: Params) {
	const prefix = useId()
	const clientErrors = form.formState.errors as Record<string, { message?: unknown } | undefined>
	const message = (field: Path<T>) => {
		const clientMessage = clientErrors[field]?.message
		return typeof clientMessage === 'string' ? clientMessage : serverErrors[field]
	}
	const id = (field: Path<T>) => `${prefix}${field}`
	return {
		message,
		aria: (field: Path<T>, ...describedBy: string[]) => fieldAria(id(field), message(field), ...describedBy),
		register: (field: Path<T>, options?: RegisterOptions<T, Path<T>>) => ({ ...form.register(field, options), ...fieldAria(id(field), message(field)) }),
		errorFor: (field: Path<T>) => <FieldError id={id(field)} message={message(field)} params={params} />,
	}
}

/** onSubmit for a Remix <Form>: post it only when react-hook-form finds it valid (without JS the form posts as is). */
export function useCheckedSubmit<T extends FieldValues>(form: UseFormReturn<T, unknown, unknown>, afterSubmit?: () => void) {
	const submit = useSubmit()
	return (event: FormEvent<HTMLFormElement>) => {
		const target = event.currentTarget
		event.preventDefault()
		void form.handleSubmit(() => {
			submit(target, { preventScrollReset: true })
			afterSubmit?.()
		})(event)
	}
}
