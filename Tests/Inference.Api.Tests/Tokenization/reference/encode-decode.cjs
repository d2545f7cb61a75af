// Reference peer for the tokenizer parity tests: encodes and decodes texts with @huggingface/tokenizers (the
// JavaScript port of Hugging Face tokenizers) so the C# tokenizer can be compared with an implementation no one
// here wrote.
// Usage: node encode-decode.cjs <package-dir> <tokenizer.json> <texts.json>
//   <texts.json> is a JSON array of strings. Prints a JSON array, one entry per text:
//   { ids, idsWithSpecials, decoded, decodedWithSpecials } where decoded skips special tokens and
//   decodedWithSpecials keeps them (both without clean-up of tokenization spaces).
"use strict";
const fs = require("fs");

const [packageDir, tokenizerPath, textsPath] = process.argv.slice(2);
if (!packageDir || !tokenizerPath || !textsPath) {
  process.stderr.write("usage: node encode-decode.cjs <package-dir> <tokenizer.json> <texts.json>\n");
  process.exit(2);
}

const { Tokenizer } = require(packageDir);
const tokenizer = new Tokenizer(JSON.parse(fs.readFileSync(tokenizerPath, "utf8")), {
  clean_up_tokenization_spaces: false,
});
const texts = JSON.parse(fs.readFileSync(textsPath, "utf8"));

// decode() rejects an empty id list; an empty encoding decodes to the empty string.
const decode = (ids, skip) =>
  ids.length === 0 ? "" : tokenizer.decode(ids, { skip_special_tokens: skip, clean_up_tokenization_spaces: false });

const results = texts.map((text) => {
  const ids = tokenizer.encode(text, { add_special_tokens: false }).ids;
  const idsWithSpecials = tokenizer.encode(text, { add_special_tokens: true }).ids;
  return { ids, idsWithSpecials, decoded: decode(ids, true), decodedWithSpecials: decode(ids, false) };
});
process.stdout.write(JSON.stringify(results));
