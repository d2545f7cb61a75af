// Runs the exported model with onnxruntime-node (a runtime no one here wrote) and prints the logits the
// parity check compares with PyTorch: prefill, greedy decode steps on ORT's own KV cache, and a left-padded batch.
// Usage: node check_ort.js <onnxruntime-node module dir> <spec.json> <out.json>
'use strict';
const fs = require('fs');
const ort = require(process.argv[2]);
const spec = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
const { layers, kvHeads, headSize, pad } = spec;

const i64 = (rows) => new ort.Tensor('int64', BigInt64Array.from(rows.flat().map(BigInt)), [rows.length, rows[0].length]);
const emptyPast = (batch) => new ort.Tensor('float32', new Float32Array(0), [batch, kvHeads, 0, headSize]);

async function run(session, ids, mask, positions, past) {
  const feeds = { input_ids: i64(ids), attention_mask: i64(mask), position_ids: i64(positions) };
  for (let i = 0; i < layers; i++) {
    feeds[`past_key_values.${i}.key`] = past ? past[2 * i] : emptyPast(ids.length);
    feeds[`past_key_values.${i}.value`] = past ? past[2 * i + 1] : emptyPast(ids.length);
  }
  const out = await session.run(feeds);
  const presents = [];
  for (let i = 0; i < layers; i++) presents.push(out[`present.${i}.key`], out[`present.${i}.value`]);
  return { logits: out.logits, presents };
}

const lastRow = (logits, row) => {
  const [, s, v] = logits.dims;
  return Array.from(logits.data.subarray((row * s + s - 1) * v, (row * s + s) * v));
};

(async () => {
  const session = await ort.InferenceSession.create(spec.model, { intraOpNumThreads: 1 });
  const result = { prefill: null, decode: [], batch: [] };
  const prompt = spec.prompt;
  let step = await run(session, [prompt], [prompt.map(() => 1)], [prompt.map((_, j) => j)], null);
  result.prefill = Array.from(step.logits.data);
  let length = prompt.length;
  for (const token of spec.decode) {
    step = await run(session, [[token]], [new Array(length + 1).fill(1)], [[length]], step.presents);
    result.decode.push(lastRow(step.logits, 0));
    length++;
  }
  const width = Math.max(...spec.batch.map((p) => p.length));
  const ids = spec.batch.map((p) => new Array(width - p.length).fill(pad).concat(p));
  const mask = spec.batch.map((p) => new Array(width - p.length).fill(0).concat(p.map(() => 1)));
  const positions = spec.batch.map((p) => new Array(width - p.length).fill(0).concat(p.map((_, j) => j)));
  const batched = await run(session, ids, mask, positions, null);
  spec.batch.forEach((_, r) => result.batch.push(lastRow(batched.logits, r)));
  fs.writeFileSync(process.argv[4], JSON.stringify(result));
})().catch((e) => { console.error(e); process.exit(1); });
