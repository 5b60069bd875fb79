import { expect, test } from 'vitest';
import type { Workflow } from '#adapters/workflow/port';

/** A workflow service under test, and how a test gets the token an execution's task waits on. */
export interface WorkflowUnderTest {
  workflow: Workflow;
  /** The token the `Pause` execution of that name waits on, once it waits. */
  tokenOf: (name: string) => Promise<string>;
  /** The `Pause` execution of that name fails, as when a state's error is caught by nothing. */
  failRun: (name: string) => Promise<void>;
}

/** What Step Functions does with the requests the product makes, as the local facade and the twin must too. */
export const workflowContract = (serviceName: string, service: () => WorkflowUnderTest): void => {
  let made = 0;
  const input = (n: number) => JSON.stringify({ v: 2, relationshipId: `rel-workflow${n}`, phase: 'pause-1' });

  test(`${serviceName}: a name starts one execution; the same start again is that execution, another input is refused`, async () => {
    const { workflow } = service();
    const name = `rel-workflow${++made}-pause-1`;
    expect(await workflow.start('Pause', name, input(made))).toBe(true);
    expect(await workflow.start('Pause', name, input(made))).toBe(true);
    expect(await workflow.start('Pause', name, input(made + 1000))).toBe(false);
    expect(await workflow.running('Pause')).toContain(name);
    expect(await workflow.status('Pause', name)).toBe('RUNNING');
    expect(await workflow.status('Pause', `${name}-none`)).toBeUndefined();
  });

  test(`${serviceName}: a stopped execution is aborted, no longer running, and its name stays taken`, async () => {
    const { workflow } = service();
    const name = `rel-workflow${++made}-pause-1`;
    await workflow.start('Pause', name, input(made));
    await workflow.stop('Pause', name, 'The relationship paused or ended.');
    expect(await workflow.status('Pause', name)).toBe('ABORTED');
    expect(await workflow.running('Pause')).not.toContain(name);
    await workflow.stop('Pause', name, 'again');
    await workflow.stop('Pause', `${name}-none`, 'never started');
    expect(await workflow.start('Pause', name, input(made))).toBe(false);
  });

  test(`${serviceName}: a relationship's runs are listed by its name's prefix, oldest first, as each stands`, async () => {
    const { workflow } = service();
    const relationship = `rel-workflow${++made}`;
    const [first, second] = [`${relationship}-pause-1`, `${relationship}-pause-2`];
    await workflow.start('Pause', first, input(made));
    await workflow.stop('Pause', first, 'resumed');
    await workflow.start('Pause', second, input(made));
    await workflow.start('Pause', `rel-workflow${made}0-pause-1`, input(made));
    const runs = await workflow.runsNamed(`${relationship}-`);
    expect(runs.map(({ machine, name, status }) => ({ machine, name, status }))).toEqual([
      { machine: 'Pause', name: first, status: 'ABORTED' },
      { machine: 'Pause', name: second, status: 'RUNNING' },
    ]);
    for (const run of runs) {
      expect(run.executionArn).toMatch(new RegExp(`^arn:aws:states:[^:]+:\\d+:execution:[^:]+:${run.name}$`));
      expect(new Date(run.startedAt).toISOString()).toBe(run.startedAt);
    }
    expect(runs[0]!.stoppedAt).toBeDefined();
    expect(runs[1]!.stoppedAt).toBeUndefined();
    expect(await workflow.runsNamed('rel-none-')).toEqual([]);
  });

  test(`${serviceName}: a failed run is listed as failed and runs again once redriven, once`, async () => {
    const { workflow, failRun } = service();
    const relationship = `rel-workflow${++made}`;
    const [failing, stopped] = [`${relationship}-pause-1`, `${relationship}-pause-2`];
    await workflow.start('Pause', failing, input(made));
    await workflow.start('Pause', stopped, input(made));
    await failRun(failing);
    await workflow.stop('Pause', stopped, 'resumed');
    expect((await workflow.runsNamed(`${relationship}-`, 'FAILED')).map((r) => r.name)).toEqual([failing]);
    expect(await workflow.redrive('Pause', failing)).toBe(true);
    expect(await workflow.status('Pause', failing)).toBe('RUNNING');
    expect(await workflow.runsNamed(`${relationship}-`, 'FAILED')).toEqual([]);
    expect(await workflow.redrive('Pause', failing)).toBe(false);
  });

  test(`${serviceName}: a waiting task resumes once; its token then, or one never handed out, is refused`, async () => {
    const { workflow, tokenOf } = service();
    const name = `rel-workflow${++made}-pause-1`;
    await workflow.start('Pause', name, input(made));
    const token = await tokenOf(name);
    await workflow.resume(token, JSON.stringify({ outcome: 'resume' }));
    await expect(workflow.resume(token, JSON.stringify({ outcome: 'resume' }))).rejects.toMatchObject({ name: 'TaskTimedOut' });
    await expect(workflow.resume(`${token.slice(0, -1)}x`, JSON.stringify({ outcome: 'resume' }))).rejects.toMatchObject({
      name: expect.stringMatching(/^(TaskTimedOut|TaskDoesNotExist|InvalidToken)$/),
    });
  });
};
