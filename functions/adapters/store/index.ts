/** The one module that owns DynamoDB. */
export * from './programs.ts';
export * from './relationships.ts';
export * from './relationship-changes.ts';
export * from './relationship-steps.ts';
export * from './meetings.ts';
export * from './goals.ts';
export * from './questions.ts';
export * from './mail-log.ts';
export * from './answers.ts';
export * from './rematches.ts';
export * from './personal-data.ts';
export * from './removal.ts';
export { MENTORING_TABLE, RESPONSES_TABLE } from './tables.ts';
