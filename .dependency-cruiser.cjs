// The layers the README's "Where things live" map draws, checked by `npm run lint` (dependency-cruiser).
const CORE = '^src/(knowledge|retrieval|safety|answer)/';
const DOORS = '^src/(teams|api|cli)/';
/** Teams and Bot Framework packages: only the Teams door and the files that carry the bot's HTTP and auth seam. */
const TEAMS_SDK = '(^|/)node_modules/(botbuilder[^/]*|botframework-[^/]+|@microsoft/teams-ai)/';
const TEAMS_SEAM = [
  '^src/teams/',
  '^src/ops/bot-(auth|guard)\\.ts$',
  '^src/server\\.ts$',
  '^src/azure/table-state-storage\\.ts$',
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle makes every module in it depend on all the others.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-imports-no-door',
      severity: 'error',
      comment: 'The domain core knows nothing of Teams, HTTP, MCP or the command line.',
      from: { path: CORE },
      to: { path: DOORS },
    },
    // Inside the core: answer -> safety -> retrieval -> knowledge, never upwards.
    ...[
      ['knowledge', 'retrieval|safety|answer'],
      ['retrieval', 'safety|answer'],
      ['safety', 'answer'],
    ].map(([lower, upper]) => ({
      name: `core-order-${lower}`,
      severity: 'error',
      comment: `${lower}/ is below ${upper.split('|').join(', ')} in the core.`,
      from: { path: `^src/${lower}/` },
      to: { path: `^src/(${upper})/` },
    })),
    {
      name: 'azure-ops-import-no-door',
      severity: 'error',
      comment: 'Azure clients and operations serve every door, so they import none.',
      from: { path: '^src/(azure|ops)/' },
      to: { path: DOORS },
    },
    {
      name: 'core-imports-no-composition-root',
      severity: 'error',
      comment: 'runtime.ts, server.ts, main.ts and dev.ts wire the core; the core does not reach back.',
      from: { path: CORE },
      to: { path: '^src/(runtime|server|main|dev)\\.ts$' },
    },
    {
      name: 'teams-sdk-stays-in-the-teams-door',
      severity: 'error',
      comment: 'Moving the Teams door to another SDK must touch only these files.',
      from: { path: '^src/', pathNot: TEAMS_SEAM },
      to: { path: TEAMS_SDK },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
