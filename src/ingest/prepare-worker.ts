/**
 * Worker-thread entry of the prepare pool (see prepare-pool.ts): builds the same local embedder
 * as the ingesting thread, then parses, chunks and embeds each batch of files it is sent.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { LocalEmbedder } from '../embed/local-embedder.ts';
import { prepareBatch, type PrepareSettings, type WorkerReply, type WorkerRequest } from './prepare-pool.ts';

const port = parentPort;
if (!port) throw new Error('prepare-worker.ts runs as a worker thread');
const settings = workerData as PrepareSettings;
const embedder = new LocalEmbedder(settings.embedder);

port.on('message', (request: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    const files = request.files.map((file) => ({ ...file, bytes: Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength) }));
    const batch = prepareBatch(files, request.sources, embedder, settings.chunking);
    reply = { seq: request.seq, batch };
    port.postMessage(reply, [batch.vectors.buffer as ArrayBuffer, batch.df.buffer as ArrayBuffer]);
  } catch (error) {
    reply = { seq: request.seq, error: error instanceof Error ? error.message : String(error) };
    port.postMessage(reply);
  }
});
port.postMessage({ ready: true, embedderId: embedder.id } satisfies WorkerReply);
