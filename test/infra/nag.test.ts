import { beforeAll, expect, it } from 'vitest';
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { synthesize, type Synthesized } from './synth.ts';

// cdk-nag 3 reports through CDK's policy validation, not annotations: synthesis fails on any
// unacknowledged finding, and `validateScope` lists them.
let synthesized: Synthesized;

beforeAll(() => {
  // Throws "Validation failed" with the report if a finding (error or warning) is not acknowledged.
  // CloudFormation's own rules are stack.test.ts's: cdk-nag runs without them.
  synthesized = synthesize({}, { cloudFormationValidation: false });
});

it('leaves no unacknowledged AwsSolutions finding, error or warning', () => {
  const report = new AwsSolutionsChecks().validateScope(synthesized.app);
  const findings = report.violations.map((v) => `${v.severity} ${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
  expect(findings).toEqual([]);
  expect(report.success).toBe(true);
});

it('gives every acknowledgement a specific reason', () => {
  const acknowledgements = synthesized.app.node
    .findAll()
    .flatMap((construct) => construct.node.metadata.filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
    .flatMap((entry) => Object.entries(entry.data as Record<string, string>));
  expect(acknowledgements.length).toBeGreaterThan(0);
  for (const [id, reason] of acknowledgements) {
    expect(id).toMatch(/AwsSolutions-/);
    expect(reason.length, id).toBeGreaterThan(60);
  }
});
