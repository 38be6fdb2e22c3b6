/**
 * A loopback HTTP endpoint that answers the SQS JSON protocol's SendMessage
 * (the only SQS call the functions make) and hands the message to a LocalQueue,
 * so the handlers' SQS client works unchanged with only its endpoint set.
 */

import { createHash, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LocalQueue } from './local-queue.js';

export interface SqsEndpoint {
  url: string;
  queueUrl(name: string): string;
  close(): Promise<void>;
}

/** Starts the endpoint on 127.0.0.1 with an ephemeral port; `queues` maps queue names to local queues. */
export async function startSqsEndpoint(queues: Map<string, LocalQueue>): Promise<SqsEndpoint> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': randomUUID() });
        res.end(JSON.stringify(body));
      };
      if (target !== 'AmazonSQS.SendMessage')
        return reply(400, {
          __type: 'com.amazonaws.sqs#UnsupportedOperation',
          message: `${target} is not supported locally`,
        });
      let input: { QueueUrl?: string; MessageBody?: string; MessageGroupId?: string; MessageDeduplicationId?: string };
      try {
        input = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return reply(400, { __type: 'com.amazonaws.sqs#InvalidParameterValue', message: 'body is not JSON' });
      }
      const name =
        String(input.QueueUrl ?? '')
          .split('/')
          .pop() ?? '';
      const q = queues.get(name);
      if (!q || typeof input.MessageBody !== 'string')
        return reply(400, { __type: 'com.amazonaws.sqs#QueueDoesNotExist', message: `no local queue ${name}` });
      const id = q.send(input.MessageBody, input.MessageGroupId, input.MessageDeduplicationId);
      reply(200, { MessageId: id, MD5OfMessageBody: createHash('md5').update(input.MessageBody).digest('hex') });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    queueUrl: (name) => `${url}/000000000000/${name}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
