/**
 * A Firehose API endpoint on loopback that answers PutRecordBatch (AWS JSON 1.1
 * protocol) by accepting every record, for tests of the shipped bundle in a child
 * process, where aws-sdk-client-mock cannot reach.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FirehoseServer {
  readonly url: string;
  readonly received: { streamName: string; records: number }[];
  close(): Promise<void>;
}

export async function startFirehoseServer(): Promise<FirehoseServer> {
  const received: { streamName: string; records: number }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = req.headers['x-amz-target'];
      if (target !== 'Firehose_20150804.PutRecordBatch') {
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify({ __type: 'UnknownOperationException' }));
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { DeliveryStreamName: string; Records: unknown[] };
      received.push({ streamName: body.DeliveryStreamName, records: body.Records.length });
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify({ FailedPutCount: 0, Encrypted: false, RequestResponses: body.Records.map((_, i) => ({ RecordId: `id-${received.length}-${i}` })) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
