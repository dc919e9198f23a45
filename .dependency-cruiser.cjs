/**
 * The architecture's import rules, checked by `npm run lint` (docs/architecture.md says why the code
 * is shaped this way; each rule's comment says what it protects).
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'A cycle means two modules can only be understood (and changed) together: split the shared part out.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'store-only-from-its-capability',
      comment:
        'Only the owning capability touches its tables: a store is imported from inside its own folder. ' +
        "Another capability calls the owner's service (see the table of owners in docs/architecture.md).",
      severity: 'error',
      from: { path: '^src/([^/]+)/' },
      to: { path: '^src/[^/]+/(store|[^/]*-store)(\\.ts|/)', pathNot: '^src/$1/' },
    },
    {
      name: 'no-database-in-routes',
      comment: 'Routes parse the request, call a service and render: SQL in a route file escapes the owner of its tables.',
      severity: 'error',
      from: { path: 'routes\\.ts$' },
      to: { path: ['^src/db/', '^node_modules/(knex|pg|@electric-sql/pglite)/'] },
    },
    {
      name: 'routes-only-from-the-app',
      comment:
        'app.ts is the one place routers are mounted; anything else importing a route file couples to HTTP handlers. ' +
        "A capability's routes.ts may gather its own *-routes.ts files into one router.",
      severity: 'error',
      from: { path: '^src/([^/]+)/' },
      to: { path: 'routes\\.ts$', pathNot: '^src/$1/[^/]*-routes\\.ts$' },
    },
    {
      name: 'kernel-imports-no-capability',
      comment:
        'time, forms, errors and http are shared by every capability; if they imported one, every capability would depend on it.',
      severity: 'error',
      from: { path: '^src/(time|forms|errors|http)/' },
      to: { path: '^src/', pathNot: '^src/(time|forms|errors|http|db|config\\.ts|paths\\.ts|logger\\.ts)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(dist|node_modules)/' },
  },
};
