/** The credential core: build, sign and verify Open Badges 3.0 micro-credentials offline; status lists; keys. */
export * from './build.ts';
export * from './contexts.ts';
export * from './did.ts';
export * from './document-loader.ts';
export * from './identity.ts';
export * from './issue.ts';
export * from './keys.ts';
export * from './report.ts';
export * from './schema.ts';
export * from './sign.ts';
export * from './status-check.ts';
export * from './status-list.ts';
export * from './verify.ts';
export { VERIFY_SUITES } from './suites.ts';
export { cryptosuite } from './cryptosuite.ts';
export * from './input.ts';
export * from './did-web.ts';
export { installSharingClone, uninstallSharingClone, isSharingCloneInstalled } from './jsonld-clone.ts';
