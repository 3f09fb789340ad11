// Terraform reads every string in its JSON configuration as a template: `${` starts an interpolation and
// `%{` a directive, so text written into an attribute (a file's content, a message) must have them escaped
// or Terraform rejects or rewrites it. cdktf escapes only inside expressions it builds itself, not literal
// text next to a token, so every inlined string goes through this one helper.

/** cdktf's marker for a string token, e.g. `${TfToken[TOKEN.12]}`: resolved to a reference at synth time. */
const STRING_TOKEN = /\$\{TfToken\[[^\]]*\]\}/g;

/**
 * Escapes `${` as `$${` and `%{` as `%%{` in the literal parts of `text`, leaving cdktf tokens (references
 * to other resources) as they are, so Terraform stores exactly the text given.
 */
export function terraformLiteral(text: string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(STRING_TOKEN)) {
    out += escapeLiteral(text.slice(last, match.index)) + match[0];
    last = match.index + match[0].length;
  }
  return out + escapeLiteral(text.slice(last));
}

function escapeLiteral(literal: string): string {
  // Replacer functions: in a replacement string `$$` would itself mean one `$`.
  return literal.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}
