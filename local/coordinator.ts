import type { Clock } from '#core/clock';
import { requestEnd } from '#core/endings';
import { pauseRelationship } from '#core/pauses';
import { getRelationshipWithPeople, listRelationships } from '#core/store';
import { addDays } from '#workflows/program/schedule';
import { randomFor } from './participants.ts';

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
export const startCoordinator = async (options: { programId: string; clock: Clock; rates: CoordinatorRates; seed: number }) => {
  type Plan = { relationshipId: string; action: CoordinatorAction['action']; day: number; at: Date; weeks: number };
  const relationships = await Promise.all((await listRelationships(options.programId)).map((r) => getRelationshipWithPeople(r.relationshipId)));
  const plans = relationships.flatMap(({ relationship: r, mentees }): Plan[] => {
    // Keyed by the first mentee's address, not the random id, so a seed repeats the run.
    const key = mentees[0]!.email;
    const roll = randomFor(options.seed, key, 'coordinator');
    const day = Math.round(30 + randomFor(options.seed, key, 'day') * 180);
    const at = addDays(new Date(`${r.startDate}T12:00:00Z`), day);
    if (roll < options.rates.pause) return [{ relationshipId: r.relationshipId, action: 'pause', day, at, weeks: 2 + Math.floor(randomFor(options.seed, key, 'weeks') * 5) }];
    if (roll < options.rates.pause + options.rates.conclude) return [{ relationshipId: r.relationshipId, action: 'conclude', day, at, weeks: 0 }];
    return [];
  });
  const actions: CoordinatorAction[] = [];
  let running = true;
  const loop = (async () => {
    while (running && plans.length) {
      const now = options.clock.now();
      for (const plan of plans.filter((p) => p.at <= now)) {
        plans.splice(plans.indexOf(plan), 1);
        try {
          const done = plan.action === 'pause' ? (await pauseRelationship(plan.relationshipId, addDays(now, plan.weeks * 7)), true) : (await requestEnd(plan.relationshipId)) === 'ending';
          actions.push({ relationshipId: plan.relationshipId, action: plan.action, day: plan.day, result: done ? 'done' : 'refused' });
        } catch {
          actions.push({ relationshipId: plan.relationshipId, action: plan.action, day: plan.day, result: 'refused' });
        }
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  return {
    actions,
    stop: async () => {
      running = false;
      await loop;
    },
  };
};
