import { expect, test } from 'vitest'
import { dingtalkSign, feishuSign } from './sign'

// Expected values computed independently with Python's hmac/hashlib/base64, as the services' own samples do.
test('钉钉 加签: base64 HmacSHA256 of "timestamp\\nsecret" keyed with the secret', () => {
	expect(dingtalkSign('1700000000000', 'SEC0123456789abcdef')).toBe('TSZbRFUuvaSQaRKUpF970OPCb2/LcQAP3wOvwZIzBZk=')
})

test('飞书 签名校验: base64 HmacSHA256 of an empty message keyed with "timestamp\\nsecret"', () => {
	expect(feishuSign('1700000000', 'feishu-secret-abc')).toBe('BNrkOVH4bA8eR8idZQa7kA3h/NvtShFdUuNud4zr1mw=')
})

test('a different timestamp or secret gives a different sign', () => {
	expect(dingtalkSign('1700000000001', 'SEC0123456789abcdef')).not.toBe(dingtalkSign('1700000000000', 'SEC0123456789abcdef'))
	expect(feishuSign('1700000000', 'other')).not.toBe(feishuSign('1700000000', 'feishu-secret-abc'))
})
