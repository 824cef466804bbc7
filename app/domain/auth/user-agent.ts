/**
 * "Chrome 156 · Windows" from a User-Agent header, so a session list reads like
 * the machines a person uses. Order matters: Edge, Opera and the Chinese shells
 * also claim Chrome, and Chrome also claims Safari.
 */
const BROWSERS: ReadonlyArray<[name: string, pattern: RegExp]> = [
	['WeChat', /MicroMessenger\/(\d+)/],
	['QQ Browser', /QQBrowser\/(\d+)/],
	['UC Browser', /UCBrowser\/(\d+)/],
	['360', /(?:QihooBrowser|360SE|360EE)\/?(\d+)?/],
	['Edge', /Edg(?:e|A|iOS)?\/(\d+)/],
	['Opera', /OPR\/(\d+)/],
	['Firefox', /(?:Firefox|FxiOS)\/(\d+)/],
	['Chrome', /(?:Chrome|CriOS)\/(\d+)/],
	['Safari', /Version\/(\d+)[\d.]* (?:Mobile\/\S+ )?Safari\//],
]

const SYSTEMS: ReadonlyArray<[name: string, pattern: RegExp]> = [
	['HarmonyOS', /HarmonyOS|OpenHarmony/],
	['Android', /Android/],
	['iOS', /iPhone|iPad|iPod/],
	['Windows', /Windows/],
	['macOS', /Mac OS X|Macintosh/],
	['ChromeOS', /CrOS/],
	['Linux', /Linux/],
]

export function describeUserAgent(userAgent: string | null | undefined): string | null {
	if (!userAgent) return null
	let browser: string | null = null
	for (const [name, pattern] of BROWSERS) {
		const match = pattern.exec(userAgent)
		if (match) {
			browser = match[1] ? `${name} ${match[1]}` : name
			break
		}
	}
	const system = SYSTEMS.find(([, pattern]) => pattern.test(userAgent))?.[0] ?? null
	if (!browser && !system) return null
	return [browser, system].filter(Boolean).join(' · ')
}
