import { describe, expect, it } from 'vitest'
import { evidenceFileName, evidenceFileProblem, MAX_EVIDENCE_BYTES, sniffEvidenceType } from './evidence-file'

const bytes = (...parts: (string | number[])[]) =>
	new Uint8Array(parts.flatMap((part) => (typeof part === 'string' ? [...part].map((c) => c.charCodeAt(0)) : part)))

describe('sniffEvidenceType', () => {
	it('knows PDF, PNG, JPEG and WebP by their first bytes', () => {
		expect(sniffEvidenceType(bytes('%PDF-1.7\n'))).toBe('application/pdf')
		expect(sniffEvidenceType(bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png')
		expect(sniffEvidenceType(bytes([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg')
		expect(sniffEvidenceType(bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 '))).toBe('image/webp')
	})

	it('refuses anything else, whatever it is called', () => {
		expect(sniffEvidenceType(bytes('<html><script>alert(1)</script>'))).toBeNull()
		expect(sniffEvidenceType(bytes('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull()
		expect(sniffEvidenceType(bytes('RIFF', [1, 2, 3, 4], 'WAVE'))).toBeNull()
		expect(sniffEvidenceType(bytes('%PD'))).toBeNull()
	})
})

describe('evidenceFileProblem', () => {
	it('says what is wrong', () => {
		expect(evidenceFileProblem(new Uint8Array())).toBe('empty')
		expect(evidenceFileProblem(bytes('MZ\x90\x00'))).toBe('wrongType')
		const huge = new Uint8Array(MAX_EVIDENCE_BYTES + 1)
		huge.set(bytes('%PDF-'))
		expect(evidenceFileProblem(huge)).toBe('tooLarge')
		expect(evidenceFileProblem(bytes('%PDF-1.4'))).toBeNull()
	})
})

describe('evidenceFileName', () => {
	it('keeps the name, drops paths and quoting characters, and ends in the real type', () => {
		expect(evidenceFileName('签约合同.pdf', 'application/pdf')).toBe('签约合同.pdf')
		expect(evidenceFileName('C:\\scans\\开工"许可".PNG', 'image/png')).toBe('开工许可.png')
		expect(evidenceFileName('../../etc/passwd', 'application/pdf')).toBe('passwd.pdf')
		expect(evidenceFileName('report.html', 'image/jpeg')).toBe('report.jpg')
		expect(evidenceFileName('', 'image/webp')).toBe('evidence.webp')
	})
})
