// A PutRecordBatch endpoint on loopback (AWS JSON 1.1), run as its own process so
// that its work does not count against the handler being measured. Prints its URL.
import { createServer } from 'node:http';

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
    res.end(JSON.stringify({ FailedPutCount: 0, RequestResponses: body.Records.map((_, i) => ({ RecordId: String(i) })) }));
  });
});
server.listen(0, '127.0.0.1', () => console.log(`http://127.0.0.1:${server.address().port}`));
process.on('disconnect', () => process.exit(0));
