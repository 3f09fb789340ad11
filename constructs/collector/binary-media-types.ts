/**
 * Content types API Gateway hands to the collector as base64 (`isBase64Encoded: true`, the exact bytes):
 * all of them. API Gateway decides by `Content-Type` alone, and Fluent Bit sends gzip bodies as
 * `application/json` with `Content-Encoding: gzip`, so any narrower list would let API Gateway read them as
 * UTF-8 text and corrupt them. Signatures are computed over the exact bytes too. Answers are unaffected:
 * the collector never answers in base64. (No heavy imports here: the dev server uses it.)
 */
export const COLLECTOR_BINARY_MEDIA_TYPES: readonly string[] = ['*/*'];
