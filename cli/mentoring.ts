import { Command } from 'commander';
import { DateTime } from 'luxon';
import cliProgress from 'cli-progress';
import { ConfigurationError, loadProgram } from '#workflows/program/config';
import { phasesOf } from '#workflows/lifecycle';
import { firstMeeting, plannedMeetings, relationshipEnd } from '#workflows/program/schedule';
import { EnrolmentError, readEnrolment } from '#core/enrolment/read-enrolment';
import { enrolCohort } from '#core/enrolment/enrol';
import { useDeployment } from './deployment.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** A mistake in the files is the user's to fix: say what and where, without a stack trace. */
const explain = (error: unknown): number => {
  if (error instanceof ConfigurationError || error instanceof EnrolmentError) {
    console.error(error.message);
    return 2;
  }
  console.error(`Failed: ${(error as Error).message}`);
  return 1;
};

const cli = new Command('mentoring').description('Administers mentoring programs: enrol cohorts, check files before they go live.');

cli
  .command('validate')
  .description('Checks a program configuration and an enrolment file and shows each pair\'s year; changes nothing.')
  .requiredOption('--program <file>', 'program configuration (YAML or JSON)')
  .option('--enrolment <file>', 'enrolment file (CSV)')
  .action(async ({ program: programFile, enrolment }: { program: string; enrolment?: string }) => {
    const program = await loadProgram(programFile);
    console.log(`${programFile}: ${program.name} — ${program.competencies.length} competencies, phases ${phasesOf(program.relationship.lengthMonths).join(' → ')}.`);
    if (!enrolment) return;
    const rows = await readEnrolment(enrolment, program);
    for (const row of rows) {
      const calendar = { program, startDate: row.startDate, timeZone: row.timeZone };
      const day = (instant: Date) => DateTime.fromJSDate(instant, { zone: row.timeZone }).toISODate();
      console.log(
        `  row ${row.row}: ${row.mentee.name} with mentor ${row.mentor.name} — ${plannedMeetings(calendar).length} meetings from ${day(firstMeeting(calendar))}, closure ${day(relationshipEnd(calendar))} (${row.timeZone})`,
      );
    }
    console.log(`${enrolment}: ${rows.length} pairs are valid.`);
  });

cli
  .command('enrol')
  .description('Stores a cohort and starts each relationship. Enrolling the same file again starts nothing new.')
  .requiredOption('--program <file>', 'program configuration (YAML or JSON)')
  .requiredOption('--enrolment <file>', 'enrolment file (CSV)')
  .option('--stack <name>', 'the deployed stack whose resources to use', 'Mentoring')
  .action(async ({ program: programFile, enrolment, stack }: { program: string; enrolment: string; stack: string }) => {
    // Both files are checked in full before anything is written.
    const program = await loadProgram(programFile);
    const rows = await readEnrolment(enrolment, program);
    const target = await useDeployment(stack);
    const bar = new cliProgress.SingleBar({ format: ' starting relationships |{bar}| {value}/{total}', noTTYOutput: true, notTTYSchedule: 5_000 }, cliProgress.Presets.shades_classic);
    bar.start(rows.length, 0);
    const report = await enrolCohort(program, rows, (done) => bar.update(done), enrolment).finally(() => bar.stop());
    console.log(`Enrolled into ${target}: ${report.enrolled.length} new relationships started, ${report.alreadyEnrolled.length} already enrolled.`);
  });

cli.parseAsync().catch((error) => {
  process.exitCode = explain(error);
});
