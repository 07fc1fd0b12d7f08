/**
 * Which jsonld.js each side of the benchmark runs with. Importing src/credentials/cryptosuite.ts installs
 * Mikrocred's copy-on-write active-context clone in jsonld.js, process-wide (src/credentials/jsonld-clone.ts;
 * MIKROCRED_JSONLD_STOCK_CLONE=1 keeps jsonld.js unchanged). The reference must run jsonld.js as published, so
 * every measured operation first selects its side: jsonld.js looks `util.clone` up on each call, and the
 * benchmark runs one operation at a time, so the choice holds until the operation ends.
 */
import '../src/credentials/cryptosuite.ts';
import { installSharingClone, isSharingCloneInstalled, uninstallSharingClone } from '../src/credentials/jsonld-clone.ts';

export type Side = 'ours' | 'reference';

/** Whether our code runs with the copy-on-write clone (as the application would in this environment). */
export const OURS_USES_SHARING_CLONE = isSharingCloneInstalled();

/** Sets jsonld.js up as `side` runs it: ours as installed by our modules, the reference always stock. */
export function useJsonldOf(side: Side): void {
  if (side === 'ours' && OURS_USES_SHARING_CLONE) installSharingClone();
  else uninstallSharingClone();
}

/** Wraps `op` so that it runs with jsonld.js set up for `side`. */
export function onSide<A extends unknown[], R>(side: Side, op: (...args: A) => R): (...args: A) => R {
  return (...args: A): R => {
    useJsonldOf(side);
    return op(...args);
  };
}

export function describeJsonldSetup(): string {
  return OURS_USES_SHARING_CLONE
    ? 'ours with the copy-on-write active-context clone (src/credentials/jsonld-clone.ts), reference with stock jsonld.js'
    : 'both sides with stock jsonld.js (MIKROCRED_JSONLD_STOCK_CLONE=1)';
}
