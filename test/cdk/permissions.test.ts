import { Match } from 'aws-cdk-lib/assertions';
import { actionsOf, allows, biomeflow, logicalId, objectArn, roleStatements, type Statement } from './helpers.js';

/** ARN expression of a queue or table by logical id. */
function arnOf(id: string): unknown {
  return { 'Fn::GetAtt': [id, 'Arn'] };
}

describe('least-privilege grants', () => {
  test('the ingest role has a policy granting GetObject on studies/*', () => {
    const { stack, template } = biomeflow();
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: logicalId(stack.ingestFunction.role!) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Action: Match.arrayWith(['s3:GetObject', 's3:GetObjectVersion']),
            Resource: Match.arrayWith([objectArn(logicalId(stack.bucket), 'studies/')]),
          }),
        ]),
      },
    });
  });

  test('ingest reads studies/* and results/*, writes only results/*', () => {
    const { stack, template } = biomeflow();
    const statements = roleStatements(template, stack.ingestFunction);
    const bucket = logicalId(stack.bucket);
    expect(allows(statements, 's3:GetObject', objectArn(bucket, 'studies/'))).toBe(true);
    expect(allows(statements, 's3:GetObjectVersion', objectArn(bucket, 'studies/'))).toBe(true);
    expect(allows(statements, 's3:GetObject', objectArn(bucket, 'results/'))).toBe(true);
    expect(allows(statements, 's3:PutObject', objectArn(bucket, 'results/'))).toBe(true);
    expect(allows(statements, 's3:PutObject', objectArn(bucket, 'studies/'))).toBe(false);
    expect(allows(statements, 's3:ListBucket', arnOf(bucket))).toBe(true);
  });

  test('analyze reads studies/* and results/*, writes only results/*', () => {
    const { stack, template } = biomeflow();
    const statements = roleStatements(template, stack.analyzeFunction);
    const bucket = logicalId(stack.bucket);
    expect(allows(statements, 's3:GetObject', objectArn(bucket, 'studies/'))).toBe(true);
    expect(allows(statements, 's3:GetObject', objectArn(bucket, 'results/'))).toBe(true);
    expect(allows(statements, 's3:PutObject', objectArn(bucket, 'results/'))).toBe(true);
    expect(allows(statements, 's3:PutObject', objectArn(bucket, 'studies/'))).toBe(false);
    // the analysis refreshes the study exports after each run
    expect(allows(statements, 's3:PutObject', objectArn(bucket, 'exports/'))).toBe(true);
    expect(allows(roleStatements(template, stack.ingestFunction), 's3:PutObject', objectArn(bucket, 'exports/'))).toBe(
      false,
    );
  });

  test('no S3 object grant reaches outside studies/*, results/* and (analysis only) exports/*', () => {
    const { stack, template } = biomeflow();
    const bucket = logicalId(stack.bucket);
    const allowed = new Set([
      JSON.stringify(objectArn(bucket, 'studies/')),
      JSON.stringify(objectArn(bucket, 'results/')),
      JSON.stringify(arnOf(bucket)),
    ]);
    const analysisAllowed = new Set([...allowed, JSON.stringify(objectArn(bucket, 'exports/'))]);
    for (const fn of [stack.ingestFunction, stack.analyzeFunction]) {
      const ok = fn === stack.analyzeFunction ? analysisAllowed : allowed;
      const s3Statements = roleStatements(template, fn).filter((s) => actionsOf(s).some((a) => a.startsWith('s3:')));
      const resources = s3Statements.flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]));
      for (const resource of resources) expect(ok.has(JSON.stringify(resource))).toBe(true);
    }
  });

  test('both functions read and write the table and its indexes', () => {
    const { stack, template } = biomeflow();
    const table = logicalId(stack.table);
    const index = { 'Fn::Join': ['', [arnOf(table), '/index/*']] };
    for (const fn of [stack.ingestFunction, stack.analyzeFunction]) {
      const statements = roleStatements(template, fn);
      for (const action of [
        'dynamodb:PutItem',
        'dynamodb:BatchWriteItem',
        'dynamodb:UpdateItem',
        'dynamodb:Query',
        'dynamodb:GetItem',
      ]) {
        expect(allows(statements, action, arnOf(table))).toBe(true);
      }
      expect(allows(statements, 'dynamodb:Query', index)).toBe(true);
    }
  });

  test('ingest sends to the analysis queue and to its own queue; analyze sends nowhere', () => {
    const { stack, template } = biomeflow();
    const ingest = roleStatements(template, stack.ingestFunction);
    expect(allows(ingest, 'sqs:SendMessage', arnOf(logicalId(stack.analysisQueue)))).toBe(true);
    expect(allows(ingest, 'sqs:SendMessage', arnOf(logicalId(stack.ingestQueue)))).toBe(true);
    const analyze = roleStatements(template, stack.analyzeFunction);
    expect(analyze.some((s) => actionsOf(s).includes('sqs:SendMessage'))).toBe(false);
  });

  test('no function grant uses a wildcard action (no s3:*, dynamodb:*, sqs:* or *)', () => {
    const { stack, template } = biomeflow();
    const statements: Statement[] = [stack.ingestFunction, stack.analyzeFunction].flatMap((fn) =>
      roleStatements(template, fn),
    );
    expect(statements.length).toBeGreaterThan(0);
    for (const action of statements.flatMap(actionsOf)) expect(action).not.toContain('*');
  });
});
