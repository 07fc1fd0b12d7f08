// Entry of a signing thread: registers tsx in this thread (loader hooks are per thread), then runs sign-worker.ts.
import { register } from 'tsx/esm/api';

register();
await import('./sign-worker.ts');
