import fs from 'node:fs'
import path from 'node:path'

export const ROUTES_DIR = 'app/routes'

/**
 * The route modules of app/routes, as Remix v2 flat routes finds them: a file (`companies.$id.tsx`), or a
 * folder's `route.tsx` (`chains.$slug.edit/route.tsx`). The folder's other files are the route's parts, not routes.
 */
export function routeModuleFiles(dir = ROUTES_DIR) {
	return fs
		.readdirSync(dir, { withFileTypes: true })
		.flatMap((entry) => {
			if (!entry.isDirectory()) return /\.tsx?$/.test(entry.name) ? [entry.name] : []
			return fs
				.readdirSync(path.join(dir, entry.name))
				.filter((file) => /^route\.tsx?$/.test(file))
				.map((file) => `${entry.name}/${file}`)
		})
		.sort()
}
