// Finding the demand fields in a user's own table by its header names: tolerant of case,
// spacing, punctuation and accents, and of the common synonyms a portfolio manager uses.
import { CellValue } from '../values/cells';
import { isSheetError } from '../values/errors';
import { DemandSettings } from './settings';

/** A field the Score demand command can use, and the headers that name it. */
export interface FieldSpec {
  readonly key: string;
  readonly names: readonly string[];
}

/** A header cell as the panel lists it: its value as written; '' for a blank or an error cell. */
export function headerText(header: CellValue): string {
  return header === null || isSheetError(header) ? '' : String(header);
}

/** Lower case, accents and punctuation dropped, spaces collapsed: "Business-Value " -> "business value". */
export function normaliseHeader(header: CellValue): string {
  return headerText(header)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Fields beside the scoring criteria. */
export const JOB_SIZE: FieldSpec = { key: 'Job size', names: ['Job size', 'Size', 'Effort', 'Story points', 'Duration'] };
export const DEMAND_TYPE: FieldSpec = { key: 'Demand type', names: ['Demand type', 'Type', 'Demand category', 'Category'] };
export const RUNNING: FieldSpec = { key: 'Running', names: ['Running', 'In progress', 'Ongoing', 'Started'] };

/** Fields of the Plan capacity command (the initiative, its value, cost, duration, start, links and forced choice). */
export const INITIATIVE_FIELD: FieldSpec = { key: 'Initiative', names: ['Initiative', 'ID', 'Initiative ID', 'Key', 'Name', 'Initiative name', 'Project', 'Title'] };
/** The value to maximise: the first of these a table has, unless the user picks another column. */
export const VALUE_FIELD: FieldSpec = { key: 'Value', names: ['Value', 'NPV', 'BTM Score', 'Score', 'WSJF', 'BTM WSJF'] };
/** Total cost over the initiative's duration. */
export const COST_FIELD: FieldSpec = { key: 'Cost', names: ['Cost', 'Total cost', 'Budget', 'TCO', 'Total cost of ownership', 'Investment'] };
/** Periods it runs at full staffing. */
export const DURATION_FIELD: FieldSpec = { key: 'Duration', names: ['Duration', 'Duration periods', 'Duration months', 'Duration quarters', 'Periods', 'Months', 'Length'] };
/** Earliest start: a period label or number. */
export const START_FIELD: FieldSpec = { key: 'Start', names: ['Start', 'Earliest start', 'Start period', 'Earliest start period', 'Start date', 'Earliest start date'] };
export const REQUIRES_FIELD: FieldSpec = { key: 'Requires', names: ['Requires', 'Depends on', 'Dependencies', 'Dependency', 'Prerequisites', 'Predecessors'] };
export const EXCLUDES_FIELD: FieldSpec = { key: 'Excludes', names: ['Excludes', 'Mutually exclusive with', 'Exclusive with', 'Alternative to', 'Conflicts with'] };
export const FORCED_FIELD: FieldSpec = { key: 'Forced', names: ['Forced', 'Force', 'Forced in out', 'Must do', 'Mandatory'] };
/** Staffing order for the allocation (1 first). */
export const PRIORITY_FIELD: FieldSpec = { key: 'Priority', names: ['Priority', 'Rank', 'BTM Rank', 'Prio'] };

// Fields of the Generate roadmap command (beside the Plan capacity ones it shares).
/** The lane an initiative is drawn in: its value stream, unless the user picks another column. */
export const LANE_FIELD: FieldSpec = { key: 'Lane', names: ['Value stream', 'Lane', 'Swimlane', 'Swim lane', 'Stream', 'Value streams'] };
/** Gate-based, sprint-based, change-request or hybrid (parseApproach reads the words people use). */
export const APPROACH_FIELD: FieldSpec = {
  key: 'Development approach',
  names: ['Development approach', 'Approach', 'Delivery approach', 'Development model', 'Delivery model', 'Method', 'Methodology'],
};
/** A fixed start agreed outside the plan: a period label or number, or a date. */
export const PINNED_FIELD: FieldSpec = {
  key: 'Pinned start',
  names: ['Pinned start', 'Fixed start', 'Pinned', 'Fixed date', 'Fixed start date', 'Pinned start date', 'Pinned date', 'Committed start'],
};
/**
 * The initiative's name or title, shown beside its ID. Listed after INITIATIVE_FIELD, which takes
 * the ID ("ID", "Key" ...) and keeps it as the identity; a table whose only such column is "Name"
 * or "Title" gives it to INITIATIVE_FIELD (see Generate roadmap).
 */
export const NAME_FIELD: FieldSpec = { key: 'Name', names: ['Name', 'Initiative name', 'Title', 'Project name', 'Project', 'Summary'] };
/** Whether the initiative is on the plan (yes/no): a selection such as Plan capacity's. */
export const SELECTED_FIELD: FieldSpec = { key: 'Selected', names: ['Selected', 'In plan', 'On roadmap', 'In roadmap', 'Include', 'Included', 'Approved'] };

/** The field of a role's FTE per period: a column named like the role ("Developer", "Developer FTE"). */
export function roleField(role: string): FieldSpec {
  return { key: `FTE: ${role}`, names: [role, `${role} FTE`, `FTE ${role}`, `${role}s`, `${role}s FTE`, `${role} FTE per period`] };
}

/** True when a column header names the role the way the panel commands accept it ("Analyst", "Analyst FTE" ...). */
export function headsRole(header: CellValue, role: string): boolean {
  const h = normaliseHeader(header);
  return roleField(role).names.some((n) => normaliseHeader(n) === h);
}

/** Every field the command looks for, from the settings (criteria and seven-point labels). */
export function demandFields(settings: DemandSettings): FieldSpec[] {
  return [
    ...settings.criteria.map((c) => ({ key: c.name, names: [c.name, ...c.synonyms] })),
    JOB_SIZE,
    DEMAND_TYPE,
    RUNNING,
    ...settings.checkLabels.map((label) => ({ key: `Check: ${label}`, names: [label] })),
  ];
}

/** Field key -> 0-based column index in the table. */
export type ColumnMapping = Readonly<Record<string, number>>;

/**
 * Maps each field to the first column whose header is one of its names; a column serves one
 * field only, and a field's own name wins over another field's synonym. `overrides` (the
 * user's choices from the panel, remembered in the workbook) come first: a header name, or ''
 * for "not used"; an override naming a header that is no longer there is dropped.
 */
export function mapHeaders(headers: readonly CellValue[], fields: readonly FieldSpec[], overrides: Readonly<Record<string, string>> = {}): ColumnMapping {
  const normalised = headers.map(normaliseHeader);
  const taken = new Set<number>();
  const mapping: Record<string, number> = {};
  const claim = (key: string, col: number) => {
    if (col < 0 || taken.has(col) || key in mapping) return;
    mapping[key] = col;
    taken.add(col);
  };
  const unused = new Set<string>();
  for (const f of fields) {
    const chosen = overrides[f.key];
    if (chosen === '') unused.add(f.key);
    else if (chosen !== undefined) claim(f.key, normalised.indexOf(normaliseHeader(chosen)));
  }
  const open = (key: string) => !unused.has(key);
  // Own names first, then synonyms, so "Risk" maps to the Risk column, not to "Risk reduction".
  for (const f of fields) if (open(f.key)) claim(f.key, normalised.indexOf(normaliseHeader(f.names[0])));
  for (const f of fields) {
    if (!open(f.key)) continue;
    for (const name of f.names.slice(1)) {
      if (f.key in mapping) break;
      claim(f.key, normalised.indexOf(normaliseHeader(name)));
    }
  }
  return mapping;
}
