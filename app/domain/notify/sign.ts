import crypto from 'node:crypto'

/**
 * 钉钉 custom robot 加签: HmacSHA256 of "timestamp\nsecret" keyed with the secret,
 * base64. The timestamp is in milliseconds and must be within an hour of 钉钉's
 * clock; both go in the query (URLSearchParams URL-encodes the sign). A wrong
 * sign is answered {"errcode":310000,"errmsg":"sign not match"}.
 */
export function dingtalkSign(timestampMs: string, secret: string) {
	return crypto.createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64')
}

/**
 * 飞书 custom bot 签名校验: HmacSHA256 keyed with "timestamp\nsecret" over an empty
 * message, base64. The timestamp is in seconds, within an hour; both go in the
 * body. A wrong sign is answered {"code":19021,"msg":"sign match fail or timestamp is not within one hour from current time"}.
 */
export function feishuSign(timestampSeconds: string, secret: string) {
	return crypto.createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64')
}
