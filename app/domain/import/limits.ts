/** Upload limits, in their own module so pages can show them without loading the file readers. */
export const MAX_FILE_BYTES = 50 * 1024 * 1024
export const MAX_DATA_ROWS = 100_000
