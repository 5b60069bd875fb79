import type { TestProject } from 'vitest/node';
import { checkJava } from '#local/services/java';
import { startDynamoDb } from '#local/services/dynamodb';

declare module 'vitest' {
  export interface ProvidedContext {
    /** One DynamoDB Local for the whole run; each runtime makes tables of its own on it. */
    dynamoDbEndpoint: string;
  }
}

/**
 * Without Java every DynamoDB Local test would fail: stop the run with the one line that says
 * why. Otherwise start one DynamoDB Local for all test files, rather than a JVM per file.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  try {
    await checkJava();
  } catch (error) {
    const line = new Error((error as Error).message);
    // A stack and a code frame would bury the one line that matters.
    line.stack = line.message;
    throw line;
  }
  const dynamoDb = await startDynamoDb();
  project.provide('dynamoDbEndpoint', dynamoDb.endpoint);
  return () => dynamoDb.stop();
}
