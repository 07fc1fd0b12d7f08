/**
 * Issuing one micro-credential: validate the specification and the award, build the Open Badges 3.0 credential,
 * sign it. Bad input is reported as problems (every one, with paths and PL/EN messages), never thrown.
 */
import { validateAward, validateSpecification, type Problem } from '../model/index.ts';
import { buildCredential, type BuildOptions, type JsonObject } from './build.ts';
import type { IssuerKey } from './keys.ts';
import { signCredential } from './sign.ts';

export type IssueResult =
  | { readonly ok: true; readonly credential: JsonObject; readonly warnings: readonly Problem[] }
  | { readonly ok: false; readonly problems: readonly Problem[] };

export interface IssueInput {
  readonly specification: unknown;
  /** `{ learner, result }` or a bare learner. */
  readonly award: unknown;
  readonly key: IssuerKey;
  readonly options?: Omit<BuildOptions, 'issuerId'>;
}

function prefixed(prefix: string, problems: readonly Problem[]): Problem[] {
  return problems.map((p) => ({ ...p, path: p.path ? `${prefix}.${p.path}` : prefix }));
}

export async function issueMicroCredential({ specification, award, key, options = {} }: IssueInput): Promise<IssueResult> {
  const spec = validateSpecification(specification);
  if (!spec.ok) return { ok: false, problems: prefixed('specification', spec.problems) };
  const now = options.now ?? new Date();
  const parsedAward = validateAward(spec.value, award, now);
  if (!parsedAward.ok) return { ok: false, problems: prefixed('award', parsedAward.problems) };
  const unsigned = buildCredential(spec.value, parsedAward.value, { ...options, now, issuerId: key.controller });
  const credential = await signCredential(unsigned, key, { now });
  const warnings = [...prefixed('specification', spec.problems), ...prefixed('award', parsedAward.problems)];
  return { ok: true, credential, warnings };
}
