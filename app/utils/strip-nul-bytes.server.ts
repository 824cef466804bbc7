import { Transform } from 'node:stream'

/**
 * React 18.3's streaming renderer encodes into a reused 2 KB buffer; when a
 * multi-byte character (any Chinese text) would straddle its end, it flushes
 * the whole buffer, unwritten NUL bytes included (facebook/react#26228, fixed
 * after 18.3). In an attribute the browser turns them into U+FFFD, so a
 * company name in a label or a form's value could come back changed.
 * A 0x00 byte is never part of another UTF-8 character, and HTML drops
 * U+0000 anyway, so removing every one of them is exact.
 */
export function stripNulBytes() {
	return new Transform({
		transform(chunk: Buffer, _encoding, done) {
			done(null, chunk.includes(0) ? Buffer.from(chunk.filter((byte) => byte !== 0)) : chunk)
		},
	})
}
