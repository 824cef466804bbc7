/**
 * What the policy import page accepts as a file, in a module of its own so the
 * page can show the limits without loading the readers (read-policy-file.ts).
 */

/** A .docx, .pdf or saved web page: larger than a .txt, as they carry fonts, images and markup. */
export const MAX_POLICY_FILE_BYTES = 20 * 1024 * 1024
/** A 三年行动方案 runs to tens of pages; a 500-page PDF is a compendium, not one document. */
export const MAX_PDF_PAGES = 500
/** All parts of a .docx once inflated: its images are inflated only to check them, never kept. */
export const MAX_DOCX_UNCOMPRESSED_BYTES = 128 * 1024 * 1024
/**
 * Fewer visible characters than this per page, on average, and a PDF is taken
 * for a scan: its page numbers or a stamp may be text, its body is an image.
 */
export const MIN_PDF_CHARS_PER_PAGE = 20

export const POLICY_FILE_ACCEPT =
	'.txt,.docx,.pdf,.html,.htm,text/plain,text/html,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document'
