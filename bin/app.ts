/** CDK app entry: `npx cdk synth|deploy` runs this through tsx (see cdk.json). */
import { App } from 'aws-cdk-lib';
import { BiomeflowStack } from '../lib/biomeflow-stack.js';

const app = new App();
const account = process.env.CDK_DEFAULT_ACCOUNT;
const region = process.env.CDK_DEFAULT_REGION;
const alarmEmail: unknown = app.node.tryGetContext('alarmEmail');
const retainData: unknown = app.node.tryGetContext('retainData');

new BiomeflowStack(app, 'Biomeflow', {
  env: account || region ? { account, region } : undefined,
  description: 'biomeflow: S3 uploads -> SQS -> Lambda ingest/analyze -> DynamoDB results',
  alarmEmail: typeof alarmEmail === 'string' && alarmEmail !== '' ? alarmEmail : undefined,
  retainData: retainData === undefined ? true : String(retainData) !== 'false',
});
