/** Kinds of chain link. `supporting` trades (machining, surface treatment…) serve other links without a material flow. */
export const LINK_STAGES = ['resource', 'material', 'component', 'application', 'recycling', 'supporting'] as const
export type LinkStage = (typeof LINK_STAGES)[number]
