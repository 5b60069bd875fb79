/**
 * The tables' key prefixes, spelt in this one place: a relationship's items share the
 * partition `REL#<id>`, a program's `PROGRAM#<id>`, and each item's sort key begins with its
 * kind; the responses table's ids begin with theirs. They are stored keys: a spelling here
 * never changes.
 */
export const PREFIX = {
  relationship: 'REL#',
  program: 'PROGRAM#',
  person: 'PERSON#',
  email: 'EMAIL#',
  mentee: 'MENTEE#',
  member: 'MEMBER#',
  meeting: 'MEETING#',
  goal: 'GOAL#',
  answer: 'ANSWER#',
  mail: 'MAIL#',
  rematch: 'REMATCH#',
  forgotten: 'FORGOTTEN#',
  question: 'QUESTION#',
  link: 'LINK#',
} as const;

/** The partition holding a relationship and everything of it; also its index key. */
export const relationshipPk = (relationshipId: string): string => `${PREFIX.relationship}${relationshipId}`;
/** The relationship's own item. */
export const relationshipKey = (relationshipId: string) => ({ pk: relationshipPk(relationshipId), sk: 'REL' });
/** The partition holding a program's people, addresses, mentees and rematch requests; also its index key. */
export const programPk = (programId: string): string => `${PREFIX.program}${programId}`;
/** A person's sort key under their program, and their index key. */
export const personSk = (personId: string): string => `${PREFIX.person}${personId}`;
export const personKey = (programId: string, personId: string) => ({ pk: programPk(programId), sk: personSk(personId) });
/** A mentee's request for another mentor after a relationship ended, under their program. */
export const rematchKey = (programId: string, menteeId: string, relationshipId: string) => ({
  pk: programPk(programId),
  sk: `${PREFIX.rematch}${menteeId}#${relationshipId}`,
});
