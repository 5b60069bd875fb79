import { nameWithStanding } from '#domain/desk/outcome';
import type { Story, TimelineEvent } from '#domain/desk/timeline';
import type { Question } from '#domain/model';
import { reasonInWords } from './status-table.ts';

/** `mentoring timeline` as a coordinator reads it: a heading, then one line per event, instants in UTC. */

const when = (at: string) => (at.length > 10 ? `${at.slice(0, 16).replace('T', ' ')}` : `${at}      `);

const subjectOf = ({ meetingNo, review, pauseNo }: Question['subject'] & { review?: string; pauseNo?: number }): string =>
  meetingNo !== undefined ? ` of meeting ${meetingNo}` : review ? ` ${review}` : pauseNo !== undefined ? ` of pause ${pauseNo}` : '';

/** Where an execution opens in the Step Functions console, from its ARN (whose fourth field is the region). */
export const consoleUrl = (executionArn: string): string => {
  const region = executionArn.split(':')[3];
  return `https://${region}.console.aws.amazon.com/states/home?region=${region}#/v2/executions/details/${executionArn}`;
};

const line = (e: TimelineEvent): string => {
  switch (e.event) {
    case 'enrolled':
      return 'enrolled';
    case 'run':
      return `run ${e.phase} started: ${e.status.toLowerCase()}${e.stoppedAt ? ` ${when(e.stoppedAt)}` : ''}`;
    case 'e-mail':
      return `e-mail ${e.kind} to the ${e.to}`;
    case 'answer':
      return `answer to ${e.kind}${subjectOf(e.subject)}${e.by ? ` from the ${e.by}` : ''}: ${e.outcome}`;
    case 'meeting': {
      const details = [e.mode, e.rating ? `rated ${e.rating}` : undefined].filter(Boolean).join(', ');
      return `meeting ${e.meetingNo}: ${e.status}${details ? ` (${details})` : ''}${e.movedFrom ? `, moved from ${when(e.movedFrom)}` : ''}`;
    }
    case 'alert':
      return `safety net: at risk (${e.reasons.map(reasonInWords).join(', ')}), for the coordinator’s weekly digest`;
    case 'paused':
      return `paused (pause ${e.pauseNo}${e.plannedUntil ? `, back ${when(e.plannedUntil)}` : ''})`;
    case 'resumed':
      return `resumed (pause ${e.pauseNo})`;
    case 'end requested':
      return 'asked to end without blame';
    case 'closed':
      return `closed${e.ending ? `: ${e.ending}` : ''}`;
  }
};

/** The story as text; `consoleLinks` adds each run's Step Functions console link (on AWS, not on the local runtime). */
export const timelineText = (story: Story, { consoleLinks }: { consoleLinks: boolean }): string => {
  const mentees = story.mentees.map((m) => nameWithStanding(m.name, m.standing)).join(', ');
  const heading = `Relationship ${story.relationshipId} in program ${story.programId}: ${story.circle ? `${story.circle}, ` : ''}${mentees} with mentor ${story.mentor.name}; coordinator ${story.coordinator.name}. Now ${story.status}, ${story.phase}; ${story.events.length} events (UTC):`;
  const lines = story.events.flatMap((e) => [
    `${when(e.at)}  ${line(e)}`,
    ...(consoleLinks && e.event === 'run' ? [`${' '.repeat(18)}${consoleUrl(e.executionArn)}`] : []),
  ]);
  return [heading, ...lines].join('\n');
};
