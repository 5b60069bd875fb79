/** What an erasure changed, by record kind: how many records no longer hold personal data. */
export interface ErasedRecords {
  /** People whose name and address gave way to a placeholder. */
  people: number;
  /** Index items that found a person by address. */
  emailIndex: number;
  /** Saved answers without their details (notes, proposed goals, ratings as given). */
  answers: number;
  /** Goals without their text. */
  goals: number;
  /** Questions in the responses table: deleted, or without the person's answer details. */
  questions: number;
  /** Answer links in the responses table, deleted. */
  links: number;
  /** Open requests to find a forgotten mentee another mentor, deleted. */
  rematchRequests: number;
  /** Circles without their name (free text a coordinator gave). */
  circleNames: number;
}

export const noRecords = (): ErasedRecords => ({ people: 0, emailIndex: 0, answers: 0, goals: 0, questions: 0, links: 0, rematchRequests: 0, circleNames: 0 });

export const addRecords = (into: ErasedRecords, more: Partial<ErasedRecords>): ErasedRecords => {
  for (const [kind, count] of Object.entries(more) as [keyof ErasedRecords, number][]) into[kind] += count;
  return into;
};

export const totalRecords = (records: ErasedRecords): number => (Object.values(records) as number[]).reduce((sum, n) => sum + n, 0);
