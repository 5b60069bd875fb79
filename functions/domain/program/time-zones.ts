import { IANAZone } from 'luxon';

export const isKnownTimeZone = (zone: string): boolean => IANAZone.isValidZone(zone);
