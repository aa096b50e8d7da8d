// The worker thread of `notelint analyze --workers N`: analyzes the patients it is sent, one at a time, with
// the run's options (workerData), and posts each report back under the request's number. Built as its own
// entry beside the bin (dist/cli-worker.js).
import { parentPort, workerData } from 'node:worker_threads';
import { analyzeHistory, type HistoryOptions } from '../../src/index.js';
import type { AnalyzeReply, AnalyzeRequest } from './workers.js';

const port = parentPort;
if (port !== null) {
  const options = workerData as HistoryOptions;
  port.on('message', (request: AnalyzeRequest) => {
    let reply: AnalyzeReply;
    try {
      reply = { seq: request.seq, ok: true, report: analyzeHistory(request.notes, options) };
    } catch (error) {
      // Only the error's name crosses back, as in-process: the run rejects the patient's notes with it.
      reply = { seq: request.seq, ok: false, name: error instanceof Error ? error.name : typeof error };
    }
    port.postMessage(reply);
  });
}
