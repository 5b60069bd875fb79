/**
 * Key schema of the two tables, shared by the CDK construct and the local runtime so the
 * tables created locally are the tables deployed.
 * - mentoring: programs, people, relationships, meetings, answers and the e-mail log,
 *   one item collection per relationship, plus an index by owner (program or person).
 * - responses: open questions and the e-mail links that answer them; the public response
 *   function reaches only this table.
 */
export const MENTORING_TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  byOwnerIndex: { name: 'byOwner', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
} as const;

export const RESPONSES_TABLE = {
  partitionKey: 'id',
  timeToLiveAttribute: 'expiresAtEpoch',
} as const;
