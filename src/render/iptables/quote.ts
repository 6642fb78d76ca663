// How comments are written in iptables-restore input. kube-proxy adds double quotes itself to every
// comment that has spaces and leaves a bare service port name (`ns1/svc1:p80`) unquoted; "quote
// unless every character is in a safe set" reproduces that exactly. The same rule makes hostile
// text harmless: anything outside the set is quoted, with `"` and `\` escaped as iptables-restore's
// tokenizer reads them, and control characters (a newline would end the rule) are refused.

const safe = /^[A-Za-z0-9._/:-]+$/;
// eslint-disable-next-line no-control-regex
const control = /[\u0000-\u001f\u007f]/;

export function quoteArgument(text: string): string {
  if (control.test(text)) throw new Error(`cannot write a control character in iptables-restore input: ${JSON.stringify(text)}`);
  if (safe.test(text)) return text;
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
