// Worker bootstrap for the benchmark: worker threads do not inherit tsx's loader, so register it, then load the worker source.
import { register } from 'tsx/esm/api';

register();
await import('../lambdas/core/diversity/beta/beta-worker.ts');
