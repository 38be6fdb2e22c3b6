/**
 * Import rules (`npm run check:imports`), checked on every CI run. The layers are drawn in docs/architecture.md:
 * lambdas/core is pure; lambdas/ ships in a Lambda bundle and so never reaches the CLI, the CDK app or dev tools.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles anywhere.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-no-aws',
      severity: 'error',
      comment: 'lambdas/core is pure: no AWS SDK, no Lambda runtime types at run time, no CDK.',
      from: { path: '^lambdas/core/' },
      to: { path: '(^|/)node_modules/(@aws-sdk|@smithy|aws-cdk-lib|constructs|@aws-lambda-powertools)/' },
    },
    {
      name: 'core-no-io',
      severity: 'error',
      comment: 'lambdas/core does no I/O: no file system, network, processes or threads.',
      from: { path: '^lambdas/core/' },
      to: {
        dependencyTypes: ['core'],
        path: '^(node:)?(fs|fs/promises|child_process|cluster|http|https|http2|net|dgram|dns|tls|worker_threads|readline|os|process)$',
      },
    },
    {
      name: 'core-stays-inside',
      severity: 'error',
      comment: 'lambdas/core never imports adapters, handlers, queries, the CLI or the CDK app.',
      from: { path: '^lambdas/core/' },
      to: { path: '^(lambdas/(adapters|ingest|analyze|query)|cli|lib|bin|bench|test)/' },
    },
    {
      name: 'lambdas-ship-alone',
      severity: 'error',
      comment: 'lambdas/ is what a Lambda bundle holds: it never reaches the CLI, the CDK app, benchmarks or tests.',
      from: { path: '^lambdas/' },
      to: { path: '^(cli|lib|bin|bench|test)/' },
    },
    {
      name: 'adapters-below-handlers',
      severity: 'error',
      comment: 'Adapters are thin: they never import a handler or the query layer.',
      from: { path: '^lambdas/adapters/' },
      to: { path: '^lambdas/(ingest|analyze|query)/' },
    },
    {
      name: 'handlers-apart',
      severity: 'error',
      comment: 'The ingest and analyze handlers share code only through core and adapters.',
      from: { path: '^lambdas/ingest/' },
      to: { path: '^lambdas/analyze/' },
    },
    {
      name: 'handlers-apart-reverse',
      severity: 'error',
      from: { path: '^lambdas/analyze/' },
      to: { path: '^lambdas/ingest/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: "Every import resolves ('aws-lambda' is the types-only package @types/aws-lambda).",
      from: {},
      to: { couldNotResolve: true, pathNot: '^aws-lambda$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'],
    },
  },
};
