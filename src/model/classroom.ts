/**
 * The classroom link: `?hide=advanced,sweep,…` hides chosen groups of controls, so a class sees only
 * what the lesson needs. Read once from the URL, validated against the known groups (unknown names
 * are reported, never used); the list stays in the URL so the link can be passed on.
 */
export const CONTROL_GROUPS = {
  // Worded unlike the controls' own names, so each control keeps a unique accessible name.
  preset: 'the dataset/model menu',
  alpha: 'the α slider',
  training: 'the Train, Step and Reset buttons',
  sweep: 'the sweep buttons',
  normalisation: 'the normalisation fieldset',
  advanced: 'the advanced settings fold',
  files: 'the download, bank and link buttons',
} as const;

export type ControlGroup = keyof typeof CONTROL_GROUPS;

export function isControlGroup(s: string): s is ControlGroup {
  return Object.prototype.hasOwnProperty.call(CONTROL_GROUPS, s);
}

/** The groups a `hide` value names, and the parts that are not groups (for a notice). */
export function parseHidden(raw: string | null): { hidden: ControlGroup[]; rejected: string[] } {
  if (raw === null || raw === '') return { hidden: [], rejected: [] };
  if (raw.length > 200) return { hidden: [], rejected: ['hide'] };
  const hidden = new Set<ControlGroup>();
  const rejected: string[] = [];
  for (const part of raw.split(',').map((p) => p.trim())) {
    if (isControlGroup(part)) hidden.add(part);
    else if (part) rejected.push(part.length > 30 ? `${part.slice(0, 30)}…` : part);
  }
  return { hidden: [...hidden], rejected };
}

/** The page's URL with `hide` set to the given groups (removed when none). */
export function classroomUrl(href: string, hidden: ControlGroup[]): string {
  const url = new URL(href);
  if (hidden.length) url.searchParams.set('hide', hidden.join(','));
  else url.searchParams.delete('hide');
  return url.toString();
}
