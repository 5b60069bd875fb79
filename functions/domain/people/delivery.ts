import { activeMentees, type Person, type Relationship, type Role } from '../model.ts';

/** What a bounce or a complaint decides: who still takes part where, and whether the coordinators are yet to hear of it. */

/** Whether the person still takes part in this open relationship in that role: a mentee who left, or their manager, no longer does. */
export const takesPart = (relationship: Pick<Relationship, 'mentees'>, personId: string, role: Role): boolean =>
  role === 'mentor' ||
  (role === 'mentee' && activeMentees(relationship).some((m) => m.personId === personId)) ||
  (role === 'manager' && relationship.mentees.some((m) => m.status === 'active' && m.managerId === personId));

/**
 * Whether the coordinators are yet to hear that nothing reaches this person: marked for a
 * bounce or a complaint, and not reported yet. A mark an earlier build set for a refused send
 * is no news about the person, and is left alone until an operator clears it.
 */
export const isUndeliverableNews = (person: Pick<Person, 'undeliverableBecause' | 'undeliverableReportedAt'>): boolean =>
  (person.undeliverableBecause ?? 'refused') !== 'refused' && !person.undeliverableReportedAt;
