import { useSubmit } from '@remix-run/react'
import { type FormEvent } from 'react'
import { type FieldValues, type Path, type UseFormReturn } from 'react-hook-form'
import { useTranslation } from 'react-i18next'

/**
 * Forms validate with their zod schema in the browser (react-hook-form) and
 * again in the action; these helpers join the two.
 */

/** Error under a field: the client-side message, else the one the action sent back. Messages are i18n keys. */
export function useErrorFor<T extends FieldValues>(form: UseFormReturn<T, unknown, unknown>, serverErrors: Record<string, string>) {
	const { t } = useTranslation()
	return (field: Path<T>) => {
		const clientErrors = form.formState.errors as Record<string, { message?: unknown } | undefined>
		const clientMessage = clientErrors[field]?.message
		const key = typeof clientMessage === 'string' ? clientMessage : serverErrors[field]
		return key ? (
			<span className="field-error" role="alert">
				{t(key)}
			</span>
		) : null
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
