/**
 * The rooms of the code and which way their arrows may point: the one place to change when a
 * room moves. The lint (`npm run lint`) checks every import against them, and `npm run rooms`
 * draws docs/architecture.md's picture from them and from the imports the code has.
 *
 * A room is a set of files (a regular expression over paths from the repository's root; rooms
 * do not overlap). `may` names the rooms its files may import, besides their own; everything
 * else is an arrow against the layering. Tests may import anything and are not checked here.
 */
const ROOMS = [
  // Entry points: what Lambda, an operator, the CDK and the local runtime start.
  {
    name: 'handlers',
    group: 'Entry points',
    label: 'functions/*.ts',
    about: 'one thin handler per Lambda (the scheduled ones in scheduled/)',
    path: '^functions/(scheduled/)?[^/]+[.]ts$',
    may: ['http', 'questions', 'stages', 'relationship', 'presentation', 'mail', 'workflow', 'adapters', 'domain', 'platform'],
  },
  {
    name: 'http',
    group: 'Entry points',
    label: 'functions/http/',
    about: 'HTTP of the answer pages, for respond.ts alone',
    path: '^functions/http/',
    may: ['questions', 'presentation', 'domain', 'platform'],
  },
  {
    name: 'cli',
    group: 'Entry points',
    label: 'cli/',
    about: 'the mentoring command',
    path: '^cli/',
    may: ['questions', 'stages', 'relationship', 'presentation', 'store', 'tables', 'mail', 'workflow', 'adapters', 'domain', 'platform'],
  },
  {
    name: 'local',
    group: 'Entry points',
    label: 'local/',
    about: 'the runtime without AWS',
    path: '^local/',
    may: ['handlers', 'cli', 'store view', 'store twin', 'presentation', 'workflows', 'domain', 'platform'],
  },
  {
    name: 'infra',
    group: 'Entry points',
    label: 'infra/',
    about: 'the CDK app',
    path: '^infra/',
    may: ['workflows', 'presentation', 'tables', 'mail', 'domain'],
  },
  // Use cases, top to bottom: the question engine above the stages that ask, the question contract below them.
  {
    name: 'questions',
    group: 'Use cases',
    label: 'use-cases/questions/',
    about: 'the question engine: ask, carry, record, take an answer',
    path: '^functions/use-cases/questions/',
    may: ['stages', 'relationship', 'presentation', 'store', 'mail', 'workflow', 'adapters', 'domain', 'platform'],
  },
  {
    name: 'stages',
    group: 'Use cases',
    label: 'use-cases/*/',
    about:
      'pool · matching · agreement · meetings · reviews · safety-net · pauses · endings<br/>closure · follow-up · enrolment · phases · privacy · checks · delivery',
    path: '^functions/use-cases/(?!questions/|relationship/)',
    may: ['relationship', 'presentation', 'store', 'mail', 'workflow', 'events', 'usage', 'adapters', 'domain', 'platform'],
  },
  {
    name: 'relationship',
    group: 'Use cases',
    label: 'use-cases/relationship/',
    about: 'the question contract, the relationship context, write-to',
    path: '^functions/use-cases/relationship/',
    may: ['presentation', 'store', 'mail', 'workflow', 'adapters', 'domain', 'platform'],
  },
  // Presentation and adapters: what people read, and the outside world behind small interfaces.
  {
    name: 'presentation',
    group: 'Presentation',
    label: 'presentation/',
    about: 'messages · pages · letters · reports',
    path: '^functions/presentation/',
    may: ['domain', 'platform'],
  },
  {
    name: 'store',
    group: 'Adapters',
    label: 'adapters/store/',
    about: 'the one module that touches DynamoDB',
    path: '^functions/adapters/store/(?!view[.]ts$|tables[.]ts$|twin[.]ts$)',
    may: ['tables', 'domain', 'platform'],
  },
  {
    name: 'store view',
    group: 'Adapters',
    label: 'adapters/store/view.ts',
    about: "the store's reads, for the local runtime's record",
    path: '^functions/adapters/store/view[.]ts$',
    may: ['store', 'tables', 'domain', 'platform'],
  },
  {
    name: 'store twin',
    group: 'Adapters',
    label: 'adapters/store/twin.ts',
    about: 'the store in memory, for a local runtime without DynamoDB',
    path: '^functions/adapters/store/twin[.]ts$',
    may: ['store', 'platform'],
  },
  {
    name: 'tables',
    group: 'Adapters',
    label: 'adapters/store/tables.ts',
    about: "the tables' keys, deployed and local",
    path: '^functions/adapters/store/tables[.]ts$',
    may: [],
  },
  {
    name: 'mail',
    group: 'Adapters',
    label: 'adapters/mail/',
    about: 'sending once, mail events, dead letters',
    path: '^functions/adapters/mail/',
    may: ['presentation', 'store', 'tables', 'domain', 'platform'],
  },
  {
    name: 'workflow',
    group: 'Adapters',
    label: 'adapters/workflow/',
    about: 'start, resume and stop executions',
    path: '^functions/adapters/workflow/',
    may: ['store', 'domain', 'platform'],
  },
  {
    name: 'events',
    group: 'Adapters',
    label: 'adapters/events/',
    about: "publishing relationship events on the program's bus",
    path: '^functions/adapters/events/',
    may: ['domain', 'platform'],
  },
  {
    name: 'usage',
    group: 'Adapters',
    label: 'adapters/usage/',
    about: "what a deployment used: CloudWatch's metrics",
    path: '^functions/adapters/usage/',
    may: ['domain', 'platform'],
  },
  {
    name: 'adapters',
    group: 'Adapters',
    label: 'adapters/*.ts',
    about: 'program and text files',
    path: '^functions/adapters/(?!store/|mail/|workflow/|events/|usage/)',
    may: ['presentation', 'domain', 'platform'],
  },
  // The bottom: rules over data, and what every Lambda needs.
  {
    name: 'domain',
    group: 'Rules and platform',
    label: 'domain/',
    about: 'program · matching · schedule · lifecycle · at-risk · events · retention · desk · report · model',
    path: '^functions/domain/',
    may: [],
  },
  {
    name: 'platform',
    group: 'Rules and platform',
    label: 'platform/',
    about: 'clients · logger · clock · ids · environment · erasure key',
    path: '^functions/platform/',
    may: ['domain'],
  },
  // State machines are built from the domain alone, so the deployed and the local definitions are one.
  { name: 'workflows', group: 'State machines', label: 'workflows/', about: 'state machines (CDK chain builders)', path: '^workflows/', may: ['domain'] },
];

const byName = new Map(ROOMS.map((room) => [room.name, room]));
for (const room of ROOMS)
  for (const name of room.may) if (!byName.has(name)) throw new Error(`.dependency-cruiser.cjs: room ${room.name} may import "${name}", which is no room`);
const any = (rooms) => rooms.map((room) => `(?:${room.path})`).join('|');

/** Per room: an import of a room it may not import. */
const layering = ROOMS.map((room) => ({
  name: `layering: ${room.name}`,
  comment: `${room.label} may import ${room.may.length ? room.may.join(', ') : 'no other room'}; this arrow points the wrong way.`,
  severity: 'error',
  from: { path: room.path },
  to: { path: any(ROOMS.filter((other) => other !== room && !room.may.includes(other.name))) },
}));

/**
 * Per room: `./` and `../` stay inside it, or in the importing file's own folder; another room
 * is named by its subpath import (#domain/…), so a move changes one line of package.json.
 */
const relativeAcross = ROOMS.map((room) => ({
  name: `relative across rooms: ${room.name}`,
  comment: `${room.label} reaches another room by a relative path: import it by its subpath (#…) instead.`,
  severity: 'error',
  // The capture is the importing file's folder, which the target may share.
  from: { path: `(?=${room.path})^(.*/)` },
  to: { dependencyTypes: ['local'], dependencyTypesNot: ['aliased'], path: any(ROOMS.filter((other) => other !== room)), pathNot: '^$1[^/]+$' },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
const config = {
  forbidden: [
    {
      name: 'no runtime cycle',
      comment: 'Modules that import one another at run time load in an order that depends on who came first.',
      severity: 'error',
      from: {},
      to: { circular: true, dependencyTypesNot: ['type-only'], viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no type cycle',
      comment: 'Types that depend on one another in a circle: move the shared one down.',
      severity: 'error',
      from: {},
      to: { circular: true, via: { dependencyTypes: ['type-only'] } },
    },
    ...layering,
    ...relativeAcross,
    {
      name: 'no room for this file',
      comment: 'Every file of the product belongs to a room: add it to one in .dependency-cruiser.cjs.',
      severity: 'error',
      from: { path: '^(functions|workflows|local|cli|infra)/', pathNot: any(ROOMS) },
      to: {},
    },
    {
      name: 'no orphan',
      comment: 'A module nothing imports and that imports nothing is dead code (entry points and declarations aside).',
      severity: 'error',
      from: { orphan: true, pathNot: ['[.]d[.]ts$', '^functions/(scheduled/)?[^/]+[.]ts$', '^infra/app[.]ts$', '^cli/mentoring[.]ts$', '^local/start[.]ts$'] },
      to: {},
    },
    {
      name: 'no lambda code reaches local',
      comment: 'What a deployed function carries never includes the local runtime.',
      severity: 'error',
      from: { path: '^functions/' },
      to: { path: '^local/', reachable: true },
    },
    {
      name: 'infra reaches no platform',
      comment: 'The CDK app describes resources; it loads no Lambda client, logger or clock.',
      severity: 'error',
      from: { path: '^infra/' },
      to: { path: '^functions/platform/', reachable: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.json'],
    },
    skipAnalysisNotInRules: false,
  },
};

// Not a key dependency-cruiser knows: scripts/rooms.ts reads the rooms from here to draw them.
Object.defineProperty(config, 'rooms', { value: ROOMS, enumerable: false });

module.exports = config;
