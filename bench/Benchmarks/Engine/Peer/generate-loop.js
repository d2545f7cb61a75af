// Peer figure for the generation loop: the same greedy generation (prefill, then one step per token through ORT's
// own KV cache) with onnxruntime-node, ONNX Runtime's own Node binding, in a plain JS loop. Prints one JSON object:
// the milliseconds of each timed round and the tokens generated (to check both sides produce the same sequence).
// Usage: node generate-loop.js <onnxruntime-node dir> <model folder> <prompt ids JSON> <new tokens> <warm-up> <rounds>
'use strict';
const fs = require('fs');
const path = require('path');
const ort = require(process.argv[2]);
const folder = process.argv[3];
const prompt = JSON.parse(process.argv[4]);
const newTokens = Number(process.argv[5]);
const warmup = Number(process.argv[6]);
const rounds = Number(process.argv[7]);
const d = JSON.parse(fs.readFileSync(path.join(folder, 'genai_config.json'), 'utf8')).model.decoder;
const name = (template, i) => template.replace('%d', String(i));
const ids = (values) => new ort.Tensor('int64', BigInt64Array.from(values.map(BigInt)), [1, values.length]);

async function generate(session) {
  let past = null;
  let length = 0;
  let input = prompt;
  const tokens = [];
  while (tokens.length < newTokens) {
    const feeds = {
      [d.inputs.input_ids]: ids(input),
      [d.inputs.attention_mask]: ids(new Array(length + input.length).fill(1)),
      [d.inputs.position_ids]: ids(input.map((_, j) => length + j)),
    };
    for (let i = 0; i < d.num_hidden_layers; i++) {
      const empty = new ort.Tensor('float32', new Float32Array(0), [1, d.num_key_value_heads, 0, d.head_size]);
      feeds[name(d.inputs.past_key_names, i)] = past ? past[2 * i] : empty;
      feeds[name(d.inputs.past_value_names, i)] = past ? past[2 * i + 1] : empty;
    }
    const out = await session.run(feeds);
    const logits = out[d.outputs.logits].data;
    const vocab = out[d.outputs.logits].dims[2];
    const offset = (input.length - 1) * vocab;
    let best = 0;
    for (let v = 1; v < vocab; v++) if (logits[offset + v] > logits[offset + best]) best = v;
    tokens.push(best);
    past = [];
    for (let i = 0; i < d.num_hidden_layers; i++) past.push(out[name(d.outputs.present_key_names, i)], out[name(d.outputs.present_value_names, i)]);
    length += input.length;
    input = [best];
  }
  return tokens;
}

(async () => {
  const session = await ort.InferenceSession.create(path.join(folder, d.filename), { intraOpNumThreads: 1, interOpNumThreads: 1 });
  let tokens = [];
  for (let i = 0; i < warmup; i++) tokens = await generate(session);
  const ms = [];
  for (let i = 0; i < rounds; i++) {
    const start = process.hrtime.bigint();
    tokens = await generate(session);
    ms.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  process.stdout.write(JSON.stringify({ ms, tokens }));
})().catch((e) => { console.error(e); process.exit(1); });
