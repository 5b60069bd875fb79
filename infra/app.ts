import { App } from 'aws-cdk-lib';
import { configureApp } from './mentoring-app.ts';
import { SettingsError } from './settings.ts';

try {
  // The CLI synthesizes the app when this process exits.
  configureApp(new App());
} catch (error) {
  if (!(error instanceof SettingsError)) throw error;
  // A settings mistake is the operator's to fix: say which, without a stack trace.
  console.error(`Invalid settings: ${error.message}`);
  process.exit(1);
}
