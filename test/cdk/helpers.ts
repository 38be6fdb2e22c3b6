/** Shared set-up for CDK assertion tests: a fresh App and Stack per test, with the project's cdk.json flags. */
import { readFileSync } from 'node:fs';
import type { CfnElement } from 'aws-cdk-lib';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IConstruct } from 'constructs';
import { BiomeflowStack, type BiomeflowStackProps } from '../../lib/biomeflow-stack.js';

const CDK_JSON = new URL('../../cdk.json', import.meta.url);

/** Feature flags and settings from cdk.json, so tests see what `cdk synth` sees. */
export function cdkJsonContext(): Record<string, unknown> {
  return JSON.parse(readFileSync(CDK_JSON, 'utf8')).context;
}

/** App that skips asset bundling and the WebAssembly CloudFormation validator (both slow, neither under test here). */
export function fastApp(extraContext: Record<string, unknown> = {}): App {
  return new App({
    context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [], ...extraContext },
    builtinCloudFormationValidation: false,
  });
}

/** Empty stack to host a single construct under test. */
export function emptyStack(): Stack {
  return new Stack(fastApp(), 'Test');
}

/** The full stack and its template. */
export function biomeflow(props: BiomeflowStackProps = {}): { stack: BiomeflowStack; template: Template } {
  const stack = new BiomeflowStack(fastApp(), 'Biomeflow', props);
  return { stack, template: Template.fromStack(stack) };
}

/** Logical id of a construct's CloudFormation resource (the construct itself or its default child). */
export function logicalId(construct: IConstruct): string {
  const element = (construct.node.defaultChild ?? construct) as CfnElement;
  return Stack.of(construct).getLogicalId(element);
}

export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

/** Every IAM statement attached to a function's execution role, across all its policies. */
export function roleStatements(template: Template, fn: IFunction): Statement[] {
  const roleId = logicalId(fn.role!);
  const policies = template.findResources('AWS::IAM::Policy');
  return Object.values(policies)
    .filter((p) => JSON.stringify(p.Properties.Roles).includes(`"${roleId}"`))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
}

/** Actions of a statement as a list. */
export function actionsOf(statement: Statement): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

/** Resources of a statement as a list. */
export function resourcesOf(statement: Statement): unknown[] {
  return Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
}

/** CloudFormation ARN expression for objects under `prefix` of the bucket with this logical id. */
export function objectArn(bucketId: string, prefix: string): unknown {
  return { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, `/${prefix}*`]] };
}

/** Whether any statement allows `action` on `resource` (compared structurally). */
export function allows(statements: Statement[], action: string, resource: unknown): boolean {
  const wanted = JSON.stringify(resource);
  return statements.some(
    (s) =>
      s.Effect === 'Allow' && actionsOf(s).includes(action) && resourcesOf(s).some((r) => JSON.stringify(r) === wanted),
  );
}
