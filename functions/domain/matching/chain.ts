/**
 * Everyone above a person in the management chain, by address: their line manager, that
 * manager's line manager, and so on, as far as `lineManagerOf` knows. A chain that comes back
 * on itself (a mistake in an HR export) ends where it repeats.
 */
export const managementChain = (email: string, lineManagerOf: (email: string) => string | undefined): Set<string> => {
  const above = new Set<string>();
  for (let manager = lineManagerOf(email); manager && manager !== email && !above.has(manager); manager = lineManagerOf(manager)) above.add(manager);
  return above;
};
