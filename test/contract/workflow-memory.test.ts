import { memoryWorkflow } from '#adapters/workflow/memory';
import { workflowContract } from './workflow.contract.ts';

const workflow = memoryWorkflow();
workflowContract('the in-memory Step Functions', () => ({
  workflow,
  tokenOf: async (name) => {
    workflow.waitOn(`token-${name}`);
    return `token-${name}`;
  },
  failRun: async (name) => workflow.fail('Pause', name),
}));
