import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** The command DynamoDB Local runs with; checked and spawned by the same name. */
export const JAVA = 'java';

/** DynamoDB Local 2026 and its Jetty 12 need Java 17. */
export const MINIMUM_JAVA = 17;

const osReleaseIds = (): string[] => {
  try {
    const text = readFileSync('/etc/os-release', 'utf8');
    return [...text.matchAll(/^(?:ID|ID_LIKE)=["']?([^"'\n]*)/gm)].flatMap((match) => (match[1] ?? '').split(/\s+/));
  } catch {
    return [];
  }
};

/** How the reader installs Java on their platform, as one phrase to end a sentence. */
export const javaInstallHint = (platform: NodeJS.Platform = process.platform, distributions: string[] = platform === 'linux' ? osReleaseIds() : []): string => {
  if (platform === 'darwin') return 'install it with: brew install --cask temurin@17';
  if (platform === 'linux' && distributions.some((id) => id === 'debian' || id === 'ubuntu')) {
    return 'install it with: sudo apt-get install -y openjdk-17-jre-headless';
  }
  return `install a Java ${MINIMUM_JAVA} runtime`;
};

/** One line: what is missing and how to install it. `found` describes the Java there is, if any. */
export const javaMissingMessage = (found = `no "${JAVA}" command was found`, hint = javaInstallHint()): string =>
  `DynamoDB Local needs Java ${MINIMUM_JAVA} or newer, but ${found}; ${hint}`;

/** The major version in `java -version` output: "17.0.15" is 17, the old "1.8.0_381" is 8. */
export const javaMajorVersion = (versionOutput: string): number | undefined => {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (!match) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] !== undefined ? Number(match[2]) : first;
};

/** Throws a one-line, actionable error unless `java` runs and is recent enough. */
export const checkJava = async (): Promise<void> => {
  const { output, failure } = await new Promise<{ output: string; failure?: NodeJS.ErrnoException }>((resolve) => {
    let output = '';
    const java = spawn(JAVA, ['-version'], { stdio: ['ignore', 'pipe', 'pipe'] });
    // `java -version` writes to stderr; some builds use stdout.
    java.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    java.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    java.once('error', (failure: NodeJS.ErrnoException) => resolve({ output, failure }));
    java.once('close', () => resolve({ output }));
  });
  if (failure?.code === 'ENOENT') throw new Error(javaMissingMessage());
  if (failure) throw new Error(javaMissingMessage(`"${JAVA} -version" failed (${failure.message})`));
  const major = javaMajorVersion(output);
  // macOS ships a "java" stub that only says no runtime is installed.
  if (major === undefined) throw new Error(javaMissingMessage(`"${JAVA} -version" names no version`));
  if (major < MINIMUM_JAVA) throw new Error(javaMissingMessage(`"${JAVA}" is Java ${major}`));
};
