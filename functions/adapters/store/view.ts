/**
 * The store as the local runtime reads it for a run's record and its simulated people: reads
 * only, so nothing outside the handlers changes what the product stores. The tables' keys come
 * with it, for the local tables to be the deployed ones.
 */
export {
  findPersonIdByEmail,
  getRelationshipWithPeople,
  listGoals,
  listMail,
  listMeetings,
  listPeople,
  listProgramIds,
  listRelationships,
  listRelationshipsOfPerson,
  listSavedAnswers,
  normalEmail,
} from './index.ts';
export { MENTORING_TABLE, RESPONSES_TABLE } from './tables.ts';
