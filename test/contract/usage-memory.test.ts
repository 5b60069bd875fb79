import { usageTwin } from '#adapters/usage/memory';
import { USED, usageContract } from './usage.contract.ts';

const days = new Map<string, number>();
for (const { at, point } of USED) days.set(`${at.slice(0, 10)} ${point.measure}`, (days.get(`${at.slice(0, 10)} ${point.measure}`) ?? 0) + point.value);
usageContract('the usage twin', () =>
  usageTwin(
    [...days.entries()].map(([key, value]) => {
      const [day, measure] = key.split(' ') as [string, 'lambdaInvocations'];
      return { day, measure, value };
    }),
  ),
);
