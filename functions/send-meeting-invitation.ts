import { sendMeetingInvitation } from '#use-cases/meetings/meetings';
import { meetingTask } from '#domain/task-payloads';
import { taskHandler } from '#platform/task-handler';

export const handler = taskHandler(meetingTask, sendMeetingInvitation);
