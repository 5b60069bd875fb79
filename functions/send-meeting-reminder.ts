import { sendMeetingReminder } from '#core/meetings';
import { meetingTask } from '#core/task-input';
import { taskHandler } from '#core/task-handler';

export const handler = taskHandler(meetingTask, sendMeetingReminder);
