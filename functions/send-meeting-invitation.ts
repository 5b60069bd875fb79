import { sendMeetingInvitation } from '#use-cases/meetings/meeting-invitation';
import { meetingTask } from '#domain/task-payloads';
import { taskHandler } from '#platform/task-handler';

export const handler = taskHandler(meetingTask, sendMeetingInvitation);
