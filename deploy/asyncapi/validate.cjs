// Validates an AsyncAPI document with the official parser (@asyncapi/parser).
// Usage: node validate.cjs <node_modules dir> <file or http(s) URL>
// Prints one JSON line: {"errors": n, "warnings": n, "diagnostics": [...]}; exits 1 on errors.
const path = require("path");
const [modules, source] = process.argv.slice(2);
const { Parser, fromFile, fromURL } = require(path.join(modules, "@asyncapi/parser"));

const SEVERITY = ["error", "warning", "info", "hint"];

async function main() {
  const parser = new Parser();
  const load = /^https?:/.test(source) ? fromURL(parser, source) : fromFile(parser, source);
  const { document, diagnostics } = await load.parse();
  const found = diagnostics.map((d) => ({
    severity: SEVERITY[d.severity],
    code: d.code,
    path: d.path.join("."),
    message: d.message,
  }));
  const count = (s) => found.filter((d) => d.severity === s).length;
  const out = {
    parsed: document !== undefined,
    version: document ? document.version() : null,
    channels: document ? document.channels().length : 0,
    operations: document ? document.operations().length : 0,
    messages: document ? document.components().messages().length : 0,
    errors: count("error"),
    warnings: count("warning"),
    diagnostics: found,
  };
  console.log(JSON.stringify(out));
  process.exit(out.parsed && out.errors === 0 ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
