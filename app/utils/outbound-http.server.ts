// The one module that makes HTTP requests to other services (ADR 0038): the chat robots'
// webhooks. Nothing else in the app calls fetch on the server. It never logs the address
// (钉钉's access_token, 企业微信's key and 飞书's hook are credentials) nor the body.

/** A request's outcome as the caller judges it from the answer (status and text). */
export type Judged<T> = { done: true; value: T } | { done: false; detail: string }

export type PostOptions<T> = {
	/** Tries in all (the first and the retries). */
	attempts: number
	/** Pause before try n+1 after try n failed (n from 1). */
	backoffMs: (attempt: number) => number
	/** Reads an answer: done (sent, or refused for good) or worth another try. */
	judge: (status: number, text: string) => Judged<T>
	/** Per try; the service's answer after it counts as a network failure. */
	timeoutMs?: number
	/** Tests pass a no-op pause. */
	sleep?: (ms: number) => Promise<void>
}

export type PostResult<T> = { attempts: number } & ({ ok: true; value: T } | { ok: false; detail: string })

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** The cause of a network failure without the address (undici puts it in some messages). */
function networkDetail(error: unknown, url: string) {
	const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error
	const text = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)
	return text.split(url).join('<webhook>').slice(0, 300)
}

/**
 * POSTs a JSON body, trying again on what `judge` calls temporary (5xx, rate limits) and on
 * network errors, at most `attempts` times with `backoffMs` pauses.
 */
export async function postJsonWithRetries<T>(url: string, body: unknown, options: PostOptions<T>): Promise<PostResult<T>> {
	const sleep = options.sleep ?? realSleep
	const payload = JSON.stringify(body)
	let detail = ''
	for (let attempt = 1; attempt <= options.attempts; attempt++) {
		try {
			const response = await fetch(url, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json; charset=utf-8' },
				body: payload,
				redirect: 'error',
				signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
			})
			const judged = options.judge(response.status, await response.text())
			if (judged.done) return { ok: true, value: judged.value, attempts: attempt }
			detail = judged.detail
		} catch (error) {
			detail = networkDetail(error, url)
		}
		if (attempt < options.attempts) await sleep(options.backoffMs(attempt))
	}
	return { ok: false, detail, attempts: options.attempts }
}
