import { withoutControlCharacters } from '~/domain/text/text-field'

/**
 * Evidence uploads: a PDF or an image (contract scan, permit, photo of the
 * opening ceremony). The type is read from the file's first bytes, never from
 * its name or the browser's claim, so a renamed script is refused.
 */

export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024

export const EVIDENCE_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'image/webp'] as const
export type EvidenceType = (typeof EVIDENCE_TYPES)[number]

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0) =>
	bytes.length >= offset + signature.length && signature.every((byte, i) => bytes[offset + i] === byte)

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0))

/** The evidence type of the bytes, or null when they are none of the accepted kinds. */
export function sniffEvidenceType(bytes: Uint8Array): EvidenceType | null {
	if (startsWith(bytes, ascii('%PDF-'))) return 'application/pdf'
	if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png'
	if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg'
	if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp'
	return null
}

const EXTENSION: Record<EvidenceType, string> = { 'application/pdf': '.pdf', 'image/png': '.png', 'image/jpeg': '.jpg', 'image/webp': '.webp' }

/**
 * The name to keep and offer on download: the last path segment, without
 * control or quoting characters, at most 120 characters, ending in the
 * extension of its real type (签约合同.pdf).
 */
export function evidenceFileName(claimed: string, type: EvidenceType) {
	const base = withoutControlCharacters(claimed.split(/[\\/]/).pop() ?? '')
		.replace(/["<>|*?:;]/g, '')
		.trim()
	const stem = base.replace(/\.[^.]*$/, '').slice(0, 120) || 'evidence'
	return `${stem}${EXTENSION[type]}`
}

export type EvidenceFileProblem = 'empty' | 'tooLarge' | 'wrongType'

/** Why the upload cannot be evidence (an i18n key under evidence.file.), or null. */
export function evidenceFileProblem(bytes: Uint8Array): EvidenceFileProblem | null {
	if (bytes.length === 0) return 'empty'
	if (bytes.length > MAX_EVIDENCE_BYTES) return 'tooLarge'
	return sniffEvidenceType(bytes) === null ? 'wrongType' : null
}
