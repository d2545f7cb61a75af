// Reference encoder for the tokenizer parity tests: @huggingface/tokenizers (Hugging Face's JS port), a peer no
// one here wrote. Usage: node encode.mjs <tokenizers.mjs path> <tokenizer folder> <texts.json>
// Prints [{ids, text}] where ids encode each text (special tokens per the post-processor when asked) and text decodes them.
import fs from "fs";
const { Tokenizer } = await import(process.argv[2]);
const dir = process.argv[3];
const read = (name) => JSON.parse(fs.readFileSync(`${dir}/${name}`, "utf8"));
const tokenizer = new Tokenizer(read("tokenizer.json"), read("tokenizer_config.json"));
const { texts, addSpecialTokens } = JSON.parse(fs.readFileSync(process.argv[4], "utf8"));
const results = texts.map((text) => {
  const ids = tokenizer.encode(text, { add_special_tokens: addSpecialTokens }).ids;
  return { ids, text: ids.length ? tokenizer.decode(ids, { skip_special_tokens: true }) : "" };
});
process.stdout.write(JSON.stringify(results));
