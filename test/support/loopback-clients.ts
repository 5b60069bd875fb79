/**
 * Loaded first (`node --import`) by a CLI that a test runs in a process of its own against the
 * local runtime: its clients reach the loopback services as the runtime's own do, and, when the
 * test names it (MENTORING_PROGRAM_TIME), the command runs at the runtime's program time.
 */
import { useEndpointSettings } from '#platform/aws';
import { useClock } from '#platform/clock';
import { loopbackSettings } from '#local/services/loopback';

useEndpointSettings(loopbackSettings);
const programTime = process.env.MENTORING_PROGRAM_TIME;
if (programTime) useClock({ now: () => new Date(programTime) });
