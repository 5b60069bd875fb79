import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Template } from 'aws-cdk-lib/assertions';
import { EVENT_KINDS, EVENT_SCHEMAS, schemaFile } from '#domain/events/schemas';
import { FUNCTION_ACCESS } from '#infra/stateless/function-access';
import { WORKFLOW_HANDLERS } from '#workflows/handlers';
import { synthesize } from './synth.ts';

type Resource = { Type: string; Properties: Record<string, any> };

let template: Template;
let resources: Record<string, Resource>;
beforeAll(() => {
  ({ template } = synthesize({}, { cloudFormationValidation: false }));
  resources = template.toJSON().Resources as Record<string, Resource>;
});

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const committed = (file: string) => readFileSync(new URL(`../../events/schemas/${file}`, import.meta.url), 'utf8');

describe("the program's events on AWS", () => {
  it('go out on a bus of the program’s own, named for it, whose logical id never changes: organisations attach their rules to it', () => {
    expect(ofType('AWS::Events::EventBus').map(([id, bus]) => [id, bus.Properties.Name])).toEqual([['EventBus', 'mentoring-events']]);
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(outputs.EventBusName?.Value).toEqual({ Ref: 'EventBus' });
    expect(outputs.EventBusArn?.Value).toEqual({ 'Fn::GetAtt': ['EventBus', 'Arn'] });
  });

  it('have a schema registry with one JSON Schema (draft 4) per kind and version, each the file committed in events/schemas/', () => {
    const [[registryId, registry]] = ofType('AWS::EventSchemas::Registry') as [[string, Resource]];
    expect(registry.Properties.RegistryName).toBe('mentoring-events');
    const schemas = ofType('AWS::EventSchemas::Schema').map(([, s]) => s.Properties);
    expect(schemas.map((s) => s.SchemaName)).toEqual(EVENT_KINDS.map((kind) => `mentoring.relationship@${kind}.v1`));
    for (const [i, { kind, version }] of EVENT_SCHEMAS.entries()) {
      const schema = schemas[i]!;
      expect(schema).toMatchObject({ Type: 'JSONSchemaDraft4', RegistryName: { 'Fn::GetAtt': [registryId, 'RegistryName'] } });
      expect(schema.Content).toBe(committed(schemaFile(kind, version)));
      expect(JSON.parse(schema.Content)).toMatchObject({
        $schema: 'http://json-schema.org/draft-04/schema#',
        'x-amazon-events-source': 'mentoring.relationship',
        'x-amazon-events-detail-type': kind,
      });
      expect(schema.Description.length).toBeLessThanOrEqual(256);
    }
  });

  it('are published by the functions that may put them, each told the bus’s name; no other function knows it', () => {
    const files: Record<string, keyof typeof FUNCTION_ACCESS> = {
      ...Object.fromEntries(Object.entries(WORKFLOW_HANDLERS).map(([key, file]) => [file, key as keyof typeof FUNCTION_ACCESS])),
      respond: 'respond',
      'record-mail-event': 'recordMailEvent',
    };
    for (const [, fn] of ofType('AWS::Lambda::Function')) {
      const file = String(fn.Properties.FunctionName).replace(/^mentoring-/, '');
      const key = files[file];
      if (!key) continue;
      expect(fn.Properties.Environment.Variables.EVENT_BUS_NAME, file).toEqual(FUNCTION_ACCESS[key].events ? { Ref: 'EventBus' } : undefined);
    }
  });

  it('of another program go out on that program’s own bus and registry', () => {
    const other = synthesize({ 'mentoring:prefix': 'second' }, { cloudFormationValidation: false });
    try {
      const json = other.template.toJSON().Resources as Record<string, Resource>;
      const named = (type: string, key: string) => Object.values(json).flatMap((r) => (r.Type === type ? [r.Properties[key]] : []));
      expect(named('AWS::Events::EventBus', 'Name')).toEqual(['second-events']);
      expect(named('AWS::EventSchemas::Registry', 'RegistryName')).toEqual(['second-events']);
    } finally {
      other.dispose();
    }
  });
});
