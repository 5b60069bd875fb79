/**
 * Loaded first (`node --import`) by a CLI that a test runs in a process of its own against the
 * local runtime: its clients reach the loopback services as the runtime's own do.
 */
import { useEndpointSettings } from '#platform/aws';
import { loopbackSettings } from '#local/services/loopback';

useEndpointSettings(loopbackSettings);
