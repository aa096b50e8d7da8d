// The worker thread of findNearDuplicates({ workers }): signs the batches it is sent, in the order it gets
// them, and posts back typed arrays (transferred, not copied). Built as its own entry
// (dist/similarity-worker.js and .cjs). node:worker_threads is imported dynamically, like in the pool, so
// no file of the similarity engine imports a Node module statically (the subpath must bundle for browsers).
import { BatchSigner, describeWorkerError, type SignReply, type SignRequest, type SignSettings } from './worker-batch.js';

void import('node:worker_threads').then(({ parentPort, workerData }) => {
  if (parentPort === null) return;
  const port = parentPort;
  const signer = new BatchSigner(workerData as SignSettings);
  port.on('message', (request: SignRequest) => {
    let reply: SignReply;
    try {
      reply = { seq: request.seq, ok: true, batch: signer.sign(request.texts) };
    } catch (error) {
      port.postMessage({ seq: request.seq, ok: false, error: describeWorkerError(error) } satisfies SignReply);
      return;
    }
    const { keys, data, lengths, sketch } = reply.batch;
    port.postMessage(reply, [keys.buffer, data.buffer, lengths.buffer, sketch.buffer]);
  });
});
