/**
 * The platform kit lives in `@forewarn/platform`; this door stays for the code that still
 * imports it through the runtime. New code imports `@forewarn/platform`.
 */
export * from '@forewarn/platform';
