import { type zhCN } from './zh-CN'

type Widen<T> = T extends string ? string : { [K in keyof T]: Widen<T[K]> }

/** Shape every locale must have: zh-CN's keys, any string values. */
export type Messages = Widen<typeof zhCN>
