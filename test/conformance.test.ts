/** The conformance suite (test/conformance/, issue 7), imported so that `npm test` and CI run it. */
import './conformance/credentials.test.ts';
