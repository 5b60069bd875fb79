/** `month-3` and the like: which review this is. */
export const reviewKey = (month: number) => `month-${month}`;

/** Which look back: `final` at the anniversary, `final-1` … after each extension. */
export const lookBackKey = (extensions: number): string => (extensions === 0 ? 'final' : `final-${extensions}`);
