// The filter value for "the field is one of these": a single value is written as an equality, the form
// every server can serve best. MongoDB and DocumentDB treat `{ f: v }` and `{ f: { $in: [v] } }` alike;
// FerretDB on PostgreSQL turns only the equality into SQL and decodes every document for an `$in`.

/** `v` for one value, `{ $in: values }` for several. */
export function oneOf<T>(values: readonly T[]): T | { $in: T[] } {
  return values.length === 1 ? values[0] : { $in: [...values] };
}
