// Reference logits for the engine parity test, from onnxruntime-node (ONNX Runtime's own Node binding): prefill of
// a prompt, then greedy decode steps fed back through ORT's own KV cache. No code of ours runs here.
// Usage: node logits.js <onnxruntime-node dir> <model folder> <prompt ids JSON> <steps>
'use strict';
const fs = require('fs');
const path = require('path');
const ort = require(process.argv[2]);
const folder = process.argv[3];
const prompt = JSON.parse(process.argv[4]);
const steps = Number(process.argv[5]);
const config = JSON.parse(fs.readFileSync(path.join(folder, 'genai_config.json'), 'utf8')).model;
const d = config.decoder;
const layer = (template, i) => template.replace('%d', String(i));
const i64 = (values) => new ort.Tensor('int64', BigInt64Array.from(values.map(BigInt)), [1, values.length]);

(async () => {
  const session = await ort.InferenceSession.create(path.join(folder, d.filename), { intraOpNumThreads: 1 });
  let past = null;
  let length = 0;
  let input = prompt;
  const rows = [];
  const tokens = [];
  for (let step = 0; step <= steps; step++) {
    const feeds = {
      [d.inputs.input_ids]: i64(input),
      [d.inputs.attention_mask]: i64(new Array(length + input.length).fill(1)),
      [d.inputs.position_ids]: i64(input.map((_, j) => length + j)),
    };
    for (let i = 0; i < d.num_hidden_layers; i++) {
      const empty = new ort.Tensor('float32', new Float32Array(0), [1, d.num_key_value_heads, 0, d.head_size]);
      feeds[layer(d.inputs.past_key_names, i)] = past ? past[2 * i] : empty;
      feeds[layer(d.inputs.past_value_names, i)] = past ? past[2 * i + 1] : empty;
    }
    const out = await session.run(feeds);
    const logits = out[d.outputs.logits];
    const vocab = logits.dims[2];
    const last = Array.from(logits.data.subarray((input.length - 1) * vocab, input.length * vocab));
    rows.push(last);
    let best = 0;
    for (let v = 1; v < vocab; v++) if (last[v] > last[best]) best = v;
    tokens.push(best);
    past = [];
    for (let i = 0; i < d.num_hidden_layers; i++) past.push(out[layer(d.outputs.present_key_names, i)], out[layer(d.outputs.present_value_names, i)]);
    length += input.length;
    input = [best];
  }
  process.stdout.write(JSON.stringify({ rows, tokens }));
})().catch((e) => { console.error(e); process.exit(1); });
