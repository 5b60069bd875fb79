import { pauseRelationship, requestEnd } from '#cli/commands';
import { getRelationshipWithPeople, listRelationships } from '#adapters/store/view';
import { addDays } from '#domain/program/schedule';
import { randomFor } from './participants.ts';
import type { VirtualClock } from './virtual-clock.ts';

export interface CoordinatorRates {
  /** Chance that the coordinator pauses a relationship once (leave, illness), for 2 to 6 weeks. */
  pause: number;
  /** Chance that the coordinator ends a relationship early, without blame. */
  conclude: number;
}

export const DEFAULT_COORDINATOR_RATES: CoordinatorRates = { pause: 0.15, conclude: 0.1 };

export interface CoordinatorAction {
  relationshipId: string;
  action: 'pause' | 'conclude';
  /** Program day after the relationship's start. */
  day: number;
  result: 'done' | 'refused';
}

/**
 * The simulated coordinator: on the program clock, pauses some relationships and ends a few
 * early, as a person would with the `mentoring pause` and `mentoring conclude` commands.
 * A relationship that is not in its meetings by then is left alone.
 */
export const startCoordinator = async (options: { programId: string; clock: VirtualClock; rates: CoordinatorRates; seed: number }) => {
  const { clock } = options;
  const relationships = await Promise.all((await listRelationships(options.programId)).map((r) => getRelationshipWithPeople(r.relationshipId)));
  const actions: CoordinatorAction[] = [];
  const act = async (relationshipId: string, action: CoordinatorAction['action'], day: number, weeks: number) => {
    try {
      const done =
        action === 'pause' ? (await pauseRelationship(relationshipId, addDays(clock.now(), weeks * 7)), true) : (await requestEnd(relationshipId)) === 'ending';
      actions.push({ relationshipId, action, day, result: done ? 'done' : 'refused' });
    } catch {
      actions.push({ relationshipId, action, day, result: 'refused' });
    }
  };
  const planned = relationships.flatMap(({ relationship: r, mentees }) => {
    // Keyed by the first mentee's address, so a seed repeats the run.
    const key = mentees[0]!.email;
    const roll = randomFor(options.seed, key, 'coordinator');
    const day = Math.round(30 + randomFor(options.seed, key, 'day') * 180);
    const at = addDays(new Date(`${r.startDate}T12:00:00Z`), day).getTime();
    const action = roll < options.rates.pause ? 'pause' : roll < options.rates.pause + options.rates.conclude ? 'conclude' : undefined;
    if (!action) return [];
    const weeks = action === 'pause' ? 2 + Math.floor(randomFor(options.seed, key, 'weeks') * 5) : 0;
    return [clock.at(at, () => void clock.track(() => act(r.relationshipId, action, day, weeks)), `coordinator ${key}`, true)];
  });
  return {
    actions,
    stop: () => planned.forEach((cancel) => cancel()),
  };
};
