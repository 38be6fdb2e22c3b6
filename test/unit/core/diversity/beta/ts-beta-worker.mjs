// Test-only worker bootstrap: worker threads do not inherit jest's TypeScript
// transform, so register tsx, then load the worker source.
import { register } from 'tsx/esm/api';

register();
await import('../../../../../lambdas/core/diversity/beta/beta-worker.ts');
