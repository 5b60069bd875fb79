/**
 * What an operator does with the `mentoring` command, as operations: the command line reads its
 * options and prints around them, and the local runtime enrols its cohort and plays the
 * coordinator with the same ones.
 */
export { loadProgram } from '#adapters/program-file';
export { EnrolmentError, groupIntoRelationships, readEnrolment, type PairRow } from '#use-cases/enrolment/read-enrolment';
export { enrolCohort } from '#use-cases/enrolment/enrol';
export { rematchMentee, RematchRefused } from '#use-cases/enrolment/rematch';
export { pauseRelationship, RelationshipActionRefused, resumeEarly } from '#use-cases/pauses/pauses';
export { requestEnd } from '#use-cases/endings/endings';
export { forgetPerson, UnknownPerson } from '#use-cases/privacy/forget-person';
export { markDeliverable } from '#use-cases/delivery/deliverable';
export { NotForgotten, readmitPerson } from '#use-cases/privacy/readmit-person';
export { runSmokeTest, SmokeTestFailed, type SmokeTestRemoval } from '#use-cases/smoke-test/smoke-test';
export { programStatus } from '#use-cases/desk/status';
export { NotFound, relationshipOf } from '#use-cases/desk/lookup';
export { statusTable } from '#presentation/reports/status-table';
export { relationshipStory } from '#use-cases/desk/timeline';
export { timelineText } from '#presentation/reports/timeline-text';
export { resendOpenQuestions } from '#use-cases/questions/resend';
export { redriveFailedRuns } from '#adapters/workflow/executions';
export { exportProgram } from '#use-cases/desk/export';
export { csvOf } from '#presentation/reports/csv';
export { ANSWER_COLUMNS, MEETING_COLUMNS, RELATIONSHIP_COLUMNS } from '#domain/desk/export-rows';
export { reportOnProgram } from '#use-cases/desk/report';
export { reportPage } from '#presentation/reports/report-page';
export { reportCsvFiles } from '#presentation/reports/report-tables';
export { matchPool, parseCoordinator, PeopleFileError, type Coordinator } from '#use-cases/pool/match-pool';
export { matchReportHtml, matchReportText } from '#presentation/reports/match-report';
