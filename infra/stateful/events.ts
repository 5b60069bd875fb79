import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CfnEventBus, EventBus } from 'aws-cdk-lib/aws-events';
import { CfnRegistry, CfnSchema } from 'aws-cdk-lib/aws-eventschemas';
import { Construct } from 'constructs';
import { EVENT_SCHEMAS, EVENT_SOURCE, schemaFile, type EventKind } from '#domain/events/schemas';

const SCHEMAS = fileURLToPath(new URL('../../events/schemas/', import.meta.url));

/** A kind's version as the registry names it: `<source>@<kind>.v<version>`, so a version 2 sits beside its version 1. */
export const registeredSchemaName = (kind: EventKind, version: number): string => `${EVENT_SOURCE}@${kind}.v${version}`;

/**
 * The program's own event bus, where every relationship event goes out (ids, kinds, dates,
 * outcomes and counts: see functions/domain/events/), and a schema registry with the JSON
 * Schema of each event kind and version, as committed in events/schemas/. An organisation
 * routes what it needs to its warehouse with rules of its own on this bus, which name it: its
 * name and logical id never change.
 */
export class ProgramEvents extends Construct {
  readonly bus: EventBus;
  readonly registry: CfnRegistry;
  readonly schemas: CfnSchema[];

  constructor(scope: Construct, id: string, { prefix }: { prefix: string }) {
    super(scope, id);
    this.bus = new EventBus(this, 'Bus', {
      eventBusName: `${prefix}-events`,
      description: `Mentoring program ${prefix}: relationship events (source ${EVENT_SOURCE}), for the organisation's own rules`,
    });
    (this.bus.node.defaultChild as CfnEventBus).overrideLogicalId('EventBus');
    this.registry = new CfnRegistry(this, 'Registry', {
      registryName: `${prefix}-events`,
      description: `The relationship events of mentoring program ${prefix}, one schema per kind and version`,
    });
    this.schemas = EVENT_SCHEMAS.map(
      ({ kind, version }) =>
        new CfnSchema(this, `${kind}V${version}`, {
          registryName: this.registry.attrRegistryName,
          schemaName: registeredSchemaName(kind, version),
          type: 'JSONSchemaDraft4',
          content: readFileSync(join(SCHEMAS, schemaFile(kind, version)), 'utf8'),
          description: `${kind}, version ${version}: detail-type ${kind} from ${EVENT_SOURCE}`,
        }),
    );
  }
}
