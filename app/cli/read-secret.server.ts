import readline from 'node:readline'

export class SecretInputError extends Error {}

/**
 * A new secret for a command: typed twice at a terminal without being shown,
 * or the first line of stdin when it is piped (scripts). Never an argument,
 * which shell history and the process list would keep.
 */
export async function readNewSecret(prompt: string, again: string) {
	if (!process.stdin.isTTY) return firstLineOfStdin()
	const first = await askHidden(prompt)
	if ((await askHidden(again)) !== first) throw new SecretInputError('the two entries differ; nothing was changed')
	return first
}

async function firstLineOfStdin() {
	const lines = readline.createInterface({ input: process.stdin })
	for await (const line of lines) {
		lines.close()
		return line
	}
	throw new SecretInputError('nothing on stdin; nothing was changed')
}

/** Reads one line in raw mode so nothing is echoed; prompts go to stderr, keeping stdout for --json. */
function askHidden(prompt: string) {
	const input = process.stdin
	process.stderr.write(prompt)
	input.setRawMode(true)
	input.setEncoding('utf8')
	input.resume()
	return new Promise<string>((resolve, reject) => {
		let typed = ''
		const finish = (outcome: () => void) => {
			input.off('data', onData)
			input.setRawMode(false)
			input.pause()
			process.stderr.write('\n')
			outcome()
		}
		const onData = (text: string) => {
			for (const char of text) {
				if (char === '\r' || char === '\n') return finish(() => resolve(typed))
				if (char === '\u0003') return finish(() => reject(new SecretInputError('cancelled; nothing was changed')))
				typed = char === '\u007f' || char === '\b' ? typed.slice(0, -1) : typed + char
			}
		}
		input.on('data', onData)
	})
}
