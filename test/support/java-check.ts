import { checkJava } from '#local/services/java';

/** Without Java every DynamoDB Local test would fail; stop the run with the one line that says why. */
export default async function setup(): Promise<void> {
  try {
    await checkJava();
  } catch (error) {
    const line = new Error((error as Error).message);
    // A stack and a code frame would bury the one line that matters.
    line.stack = line.message;
    throw line;
  }
}
