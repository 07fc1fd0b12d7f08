/** The micro-credential model: specification, award, vocabularies and validation. */
export * from './lang.ts';
export * from './problems.ts';
export * from './specification.ts';
export * from './award.ts';
export * from './validate.ts';
export * from './vocabularies/codes.ts';
export * from './vocabularies/countries.ts';
export * from './vocabularies/languages.ts';
export * from './vocabularies/identifiers.ts';
export * from './vocabularies/isced-f.ts';
