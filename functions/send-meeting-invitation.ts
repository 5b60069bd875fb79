import { sendMeetingInvitation } from '#use-cases/meetings/meeting-invitation';
import { TASKS } from '#domain/task-payloads';
import { taskHandler } from '#platform/task-handler';

export const handler = taskHandler(TASKS.sendMeetingInvitation, sendMeetingInvitation);
