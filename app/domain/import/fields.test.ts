import { expect, test } from 'vitest'
import { normalizeHeader, recognizeHeader, resolveMapping } from './fields'

test('headers are normalised: width, spaces, colons, markers and unit brackets', () => {
	expect(normalizeHeader(' 企业名称： ')).toBe('企业名称')
	expect(normalizeHeader('＊企业 名称')).toBe('企业名称')
	expect(normalizeHeader('注册资本（万元）')).toBe('注册资本')
	expect(normalizeHeader('注册资本(单位:元)')).toBe('注册资本')
	expect(normalizeHeader('USCC')).toBe('uscc')
})

test('synonyms map headers to fields per kind; unknown headers are not guessed', () => {
	expect(recognizeHeader('companies', '公司名称')).toBe('name')
	expect(recognizeHeader('companies', '单位名称')).toBe('name')
	expect(recognizeHeader('companies', '社会信用代码')).toBe('uscc')
	expect(recognizeHeader('companies', '注册资本（万元）')).toBe('registeredCapital')
	expect(recognizeHeader('companies', '是否本地')).toBe('isLocal')
	expect(recognizeHeader('companies', '资质')).toBe('tags')
	expect(recognizeHeader('companies', '从业人数')).toBe('employees')
	expect(recognizeHeader('companies', '联系电话：')).toBe('contactPhone')
	expect(recognizeHeader('companies', '法定代表人')).toBeNull()
	expect(recognizeHeader('leads', '企业名称')).toBe('company')
	expect(recognizeHeader('leads', '来源渠道')).toBe('source')
	expect(recognizeHeader('projects', '计划总投资（亿元）')).toBe('investment')
	expect(recognizeHeader('projects', '签约日期')).toBe('signedDate')
})

test('the user chooses first, recognised headers fill the rest, one column per field', () => {
	const headers = ['名称', '企业名称', '地址', '备注']
	expect(resolveMapping('companies', headers)).toEqual({ 名称: 'name', 地址: 'address' })
	expect(resolveMapping('companies', headers, { 企业名称: 'name', 备注: 'description' })).toEqual({ 企业名称: 'name', 地址: 'address', 备注: 'description' })
	// "" ignores a recognised column; unknown fields and headers are dropped.
	expect(resolveMapping('companies', headers, { 地址: '', 备注: 'password', 不存在: 'name' })).toEqual({ 名称: 'name' })
})
